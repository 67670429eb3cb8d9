package io.fractallba.e2e.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.e2e.ServiceProcess;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.event.UsageRecorded;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.postgresql.ds.PGSimpleDataSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The cost-service's benchmarks: analyst queries over HTTP against a schema holding {@code rows} usage rows (seeded
 * in SQL, 90 days, 50 tenants, 6 models, 8 tasks, 6 resources, priced by the default list) with the same-run
 * baseline of the same breakdown computed from raw usage; and the ingest rate of {@code cost.usage.v1} events
 * through Kafka into priced rows and rollups.
 */
final class CostBenchmark {

    private static final String DB = "jdbc:postgresql://127.0.0.1:5432/flk";
    private static final String KEY = io.fractallba.e2e.DevIssuer.get().token(io.fractallba.pcs.token.Roles.ANALYST,
            io.fractallba.pcs.token.Roles.ALL_TENANTS);
    private static final Instant START = Instant.parse("2026-08-01T00:00:00Z");
    private static final int DAYS = 90;

    private final Path root;
    private final long rows;
    private final int ingestEvents;
    private final StringBuilder md = new StringBuilder();

    CostBenchmark(Path root, long rows, int ingestEvents) {
        this.root = root;
        this.rows = rows;
        this.ingestEvents = ingestEvents;
    }

    /** CostBenchmark [projectRoot] [usageRows] [ingestEvents]: prints the section's markdown. */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        long rows = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        int events = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        System.out.println(new CostBenchmark(root, rows, events).run());
    }

    String run() throws Exception {
        String schema = "cost_bench_" + Long.toHexString(System.nanoTime());
        String topic = "cost.usage.v1.bench-" + Long.toHexString(System.nanoTime());
        ServiceProcess.createTopics("127.0.0.1:9092", topic, topic + ".dlq");
        int port = ServiceProcess.freePort();
        Path log = root.resolve("e2e-tests/target/bench-logs/cost-service.log");
        md.append("## Cost queries and ingest\n\n");
        try (ServiceProcess cost = ServiceProcess.service("cost-service", port, log,
                "quarkus.datasource.jdbc.url=" + DB + "?currentSchema=" + schema, "quarkus.flyway.schemas=" + schema,
                "quarkus.flyway.default-schema=" + schema, "flk.cost.topics=" + topic,
                "flk.cost.consumer-group=bench-" + schema, "flk.cost.budget-check-interval=0s").start()) {
            cost.awaitReady(port, Duration.ofSeconds(90));   // Flyway created the schema and the default prices
            long seedMs = seed(schema);
            md.append("Command: `dev/bench` (this section alone: `java -cp … io.fractallba.e2e.bench.CostBenchmark . ")
                    .append(rows).append(' ').append(ingestEvents).append("`).\n\n");
            md.append(String.format(Locale.ROOT, "%,d usage rows seeded in SQL (%d days, 50 tenants, 6 models, 8 tasks, "
                    + "6 resources), rollups built from them, in %.0f s. Queries over HTTP with an analyst token of all tenants, "
                    + "1 client, after 20 warm-up requests each.%n%n", rows, DAYS, seedMs / 1000.0));
            queries(port, schema);
            ingest(port, schema, topic);
            md.append(String.format(Locale.ROOT, "%ncost-service RSS after the run: %d MiB (-Xmx256m).%n%n",
                    cost.rssKb() / 1024));
        } finally {
            try (Connection c = ds("public").getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
        return md.toString();
    }

    /** Raw usage straight in SQL (priced with the service's own default list), then the rollups from it. */
    private long seed(String schema) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = ds(schema).getConnection(); Statement s = c.createStatement()) {
            s.execute("SET synchronous_commit = off");
            s.execute("DROP INDEX usage_by_time");
            s.execute("DROP INDEX usage_by_tenant");
            long secondsSpan = DAYS * 86_400L;
            s.execute("INSERT INTO usage (event_id, resource, tenant, service, model, task, pcs_id, occurred_at, quantity, "
                    + "accepted, price_id, cost_usd) "
                    + "SELECT 'bench-' || g, r.resource, 'tenant-' || (g % 50), r.service, 'model-' || (g % 6), "
                    + "'task-' || (g % 8), NULL, timestamptz '" + START + "' + ((g::bigint * 7919) % " + secondsSpan + ") * interval '1 second', "
                    + "q.quantity, CASE WHEN r.resource = 'submissions' AND g % 10 <> 0 THEN 1 ELSE 0 END, p.id, "
                    + "q.quantity * p.usd_per_unit "
                    + "FROM generate_series(1, " + rows + ") g "
                    + "CROSS JOIN LATERAL (SELECT (ARRAY['submissions','cpu_ms','wal_bytes','llm_input_tokens',"
                    + "'llm_output_tokens','proofs'])[(1 + g % 6)::int] AS resource, (ARRAY['verifier','verifier','verifier',"
                    + "'agent','agent','audit-service'])[(1 + g % 6)::int] AS service) r "
                    + "CROSS JOIN LATERAL (SELECT CASE r.resource WHEN 'submissions' THEN 1 ELSE 1 + (g % 997) END::numeric "
                    + "AS quantity) q "
                    + "JOIN prices p ON p.version = 1 AND p.resource = r.resource");
            s.execute("CREATE INDEX usage_by_time ON usage (occurred_at, resource)");
            s.execute("CREATE INDEX usage_by_tenant ON usage (tenant, occurred_at)");
            for (String[] t : new String[][] {{"rollup_hour", "hour"}, {"rollup_day", "day"}}) {
                s.execute("INSERT INTO " + t[0] + " SELECT date_trunc('" + t[1] + "', occurred_at, 'UTC'), tenant, service, "
                        + "model, task, resource, sum(quantity), coalesce(sum(cost_usd), 0), count(*) FILTER (WHERE "
                        + "cost_usd IS NULL), sum(accepted) FROM usage GROUP BY 1, 2, 3, 4, 5, 6");
            }
            s.execute("ANALYZE");
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private void queries(int port, String schema) throws Exception {
        String base = "http://127.0.0.1:" + port + "/v1/cost/";
        Map<String, String> shapes = new LinkedHashMap<>();
        shapes.put("30 days by tenant (daily rollup)", "breakdown?from=2026-09-01&to=2026-10-01&group_by=tenant");
        shapes.put("90 days by model, per day", "breakdown?from=2026-08-01&to=2026-10-30&group_by=model&granularity=day");
        shapes.put("90 days by tenant, model, task", "breakdown?from=2026-08-01&to=2026-10-30&group_by=tenant,model,task");
        shapes.put("top 10 tasks over 90 days", "top?from=2026-08-01&to=2026-10-30&by=task&n=10");
        shapes.put("one tenant, 30 days by model and resource", "breakdown?from=2026-09-01&to=2026-10-01&group_by=model,resource&tenant=tenant-7");
        shapes.put("7 days by tenant, per hour (hourly rollup)", "breakdown?from=2026-09-01T00:00:00Z&to=2026-09-08T00:00:00Z&group_by=tenant&granularity=hour");
        HttpClient http = HttpClient.newHttpClient();
        md.append("| query | p50 ms | p95 ms | p99 ms | rows answered |\n|---|---|---|---|---|\n");
        double firstP50 = 0;
        for (Map.Entry<String, String> q : shapes.entrySet()) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + q.getValue()))
                    .header("Authorization", "Bearer " + KEY).build();
            Histogram h = new Histogram(3);
            String body = "";
            for (int i = 0; i < 220; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                long us = (System.nanoTime() - t0) / 1000;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(q.getValue() + " answered " + r.statusCode() + ": " + r.body());
                }
                body = r.body();
                if (i >= 20) {
                    h.recordValue(us);
                }
            }
            int answered = new ObjectMapper().readTree(body).get("rows").size();
            firstP50 = firstP50 == 0 ? h.getValueAtPercentile(50) / 1000.0 : firstP50;
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %d |%n", q.getKey(),
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(95) / 1000.0,
                    h.getValueAtPercentile(99) / 1000.0, answered));
        }
        // Baseline in the same run: the first query computed the naive way, GROUP BY over the raw usage rows.
        Histogram raw = new Histogram(3);
        try (Connection c = ds(schema).getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < 6; i++) {
                long t0 = System.nanoTime();
                try (ResultSet rs = s.executeQuery("SELECT tenant, sum(cost_usd), sum(accepted) FROM usage WHERE "
                        + "occurred_at >= '2026-09-01' AND occurred_at < '2026-10-01' GROUP BY tenant")) {
                    while (rs.next()) {
                        rs.getString(1);
                    }
                }
                if (i > 0) {
                    raw.recordValue((System.nanoTime() - t0) / 1000);
                }
            }
        }
        md.append(String.format(Locale.ROOT, "%nBaseline, same run: \"30 days by tenant\" as a GROUP BY over the raw usage "
                + "rows in SQL (no HTTP): p50 %.0f ms over 5 runs — the rollup answer over HTTP is %.0f× faster at p50.%n",
                raw.getValueAtPercentile(50) / 1000.0, raw.getValueAtPercentile(50) / 1000.0 / firstP50));
        md.append("Target (docs/architecture.md): p95 ≤ 200 ms over ≥ 10 M usage rows.\n");
    }

    /** cost.usage.v1 events through Kafka until every row is stored: events and rows per second. */
    private void ingest(int port, String schema, String topic) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", "127.0.0.1:9092");
        p.put("acks", "all");
        p.put("linger.ms", "5");
        p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        p.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        ObjectMapper mapper = new ObjectMapper();
        long before = count(schema);
        long t0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            // Serialise first, so the timing is the service's work, not the generator's.
            byte[][] values = new byte[ingestEvents][];
            for (int i = 0; i < ingestEvents; i++) {
                String tenant = "ingest-" + (i % 20);
                values[i] = mapper.writeValueAsBytes(EventEnvelope.of(UUID.randomUUID().toString(), UsageRecorded.TYPE,
                        UsageRecorded.VERSION, tenant, tenant, Instant.now(), new UsageRecorded(tenant, "bench", "model-" + (i % 6),
                                "task-" + (i % 8), null, Map.of("proofs", 3.0, "audit_leaf_bytes", 412.0))));
            }
            t0 = System.nanoTime();
            for (int i = 0; i < ingestEvents; i++) {
                producer.send(new ProducerRecord<>(topic, "ingest-" + (i % 20), values[i]));
            }
            producer.flush();
        }
        long expected = before + 2L * ingestEvents;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long n;
        while ((n = count(schema)) < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        md.append(String.format(Locale.ROOT, "%nIngest: %,d cost.usage.v1 events (2 resources each) produced to Kafka and "
                + "stored as %,d priced usage rows with their rollups in %.1f s: %.0f events/s (%.0f rows/s)%s.%n",
                ingestEvents, n - before, s, ingestEvents / s, (n - before) / s,
                n < expected ? " — INCOMPLETE after 10 min" : ""));
    }

    private static long count(String schema) throws Exception {
        try (Connection c = ds(schema).getConnection(); Statement s = c.createStatement();
             // The ingest tenants only (index on tenant): the seeded rows are never scanned.
             ResultSet rs = s.executeQuery("SELECT count(*) FROM usage WHERE tenant IN ('ingest-0','ingest-1',"
                     + "'ingest-2','ingest-3','ingest-4','ingest-5','ingest-6','ingest-7','ingest-8','ingest-9','ingest-10',"
                     + "'ingest-11','ingest-12','ingest-13','ingest-14','ingest-15','ingest-16','ingest-17','ingest-18',"
                     + "'ingest-19')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static PGSimpleDataSource ds(String schema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(DB + "?currentSchema=" + schema);
        ds.setUser("postgres");
        return ds;
    }
}
