package io.fractallba.e2e.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fractallba.e2e.ServiceProcess;
import io.fractallba.ensemble.check.Check;
import io.fractallba.ensemble.check.GroundingCheck;
import io.fractallba.ensemble.check.RecomputeCheck;
import io.fractallba.ensemble.check.RiskBandCheck;
import io.fractallba.ensemble.check.Subject;
import io.fractallba.ensemble.policy.Ensemble;
import io.fractallba.ensemble.policy.EnsemblePolicy;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.sdk.load.Workloads;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Decision latency of the ensemble: in process (against running the checks one after another) and in the service. */
public final class EnsembleBenchmark {

    private static final String DB = "jdbc:postgresql://127.0.0.1:5432/flk";
    private final Path root;
    private final int decisions;

    EnsembleBenchmark(Path root, int decisions) {
        this.root = root;
        this.decisions = decisions;
    }

    /** EnsembleBenchmark [projectRoot] [decisions]: prints the section's markdown. */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        System.out.println(new EnsembleBenchmark(root, args.length > 1 ? Integer.parseInt(args[1]) : 5000).run());
    }

    String run() throws Exception {
        StringBuilder md = new StringBuilder("## Ensemble decisions\n\n");
        md.append(String.format(Locale.ROOT, "Command: `dev/bench` (this section alone: `java -cp … "
                + "io.fractallba.e2e.bench.EnsembleBenchmark . %d`), run %s. Default policy: 2-of-3 over recompute, HRS band "
                + "and grounding (each submission carries a text with two citations).%n%n", decisions, Instant.now()));
        List<Subject> subjects = subjects(2000);
        md.append(inProcess(subjects));
        md.append(inService());
        return md.toString();
    }

    private List<Subject> subjects(int n) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Workloads w = new Workloads(99);
        List<Subject> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] body = withCitations(mapper, w.fresh().body());
            Pcs pcs = new PcsParser().parse(body);
            out.add(new Subject("bench", pcs.pcsId(), pcs, mapper.readTree(body), new Subject.Risk(0.1, 0, 0.25, "v1")));
        }
        return out;
    }

    private static byte[] withCitations(ObjectMapper mapper, byte[] body) throws Exception {
        ObjectNode doc = (ObjectNode) mapper.readTree(body);
        doc.put("text", "The verifier recomputes the fractal slope from the box counts and compares it with the signed value.");
        doc.putArray("citations").add("The verifier recomputes D_hat from the box counts N_j with a sorted-slope estimator.")
                .add("A signed value that differs from the recomputed fractal slope is escalated.");
        return mapper.writeValueAsBytes(doc);
    }

    private String inProcess(List<Subject> subjects) {
        Map<String, Check> checks = Map.of("recompute", new RecomputeCheck(), "hrs", new RiskBandCheck(),
                "grounding", new GroundingCheck());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Ensemble ensemble = new Ensemble(checks, pool);
        Histogram parallel = new Histogram(3);
        Histogram sequential = new Histogram(3);
        try {
            for (int round = 0; round < 2; round++) { // round 0 warms up
                for (int i = 0; i < decisions; i++) {
                    Subject s = subjects.get(i % subjects.size());
                    long t0 = System.nanoTime();
                    ensemble.decide(s, EnsemblePolicy.DEFAULT);
                    long t1 = System.nanoTime();
                    for (String c : EnsemblePolicy.DEFAULT.checks()) {
                        try {
                            checks.get(c).vote(s, EnsemblePolicy.DEFAULT);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    long t2 = System.nanoTime();
                    if (round == 1) {
                        parallel.recordValue(t1 - t0);
                        sequential.recordValue(t2 - t1);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return String.format(Locale.ROOT, "| in process, %,d decisions after as many warm-up | p50 | p95 | p99 |%n|---|---:|---:|---:|%n"
                        + "| ensemble: checks in parallel under timeouts, combined | %.1f µs | %.1f µs | %.1f µs |%n"
                        + "| baseline: the same checks called one after another, no timeouts | %.1f µs | %.1f µs | %.1f µs |%n%n"
                        + "The parallel run with timeouts costs %.1f× the bare sequential calls at p95 (thread hand-offs "
                        + "dominate checks this small).%n%n",
                decisions, parallel.getValueAtPercentile(50) / 1e3, parallel.getValueAtPercentile(95) / 1e3,
                parallel.getValueAtPercentile(99) / 1e3, sequential.getValueAtPercentile(50) / 1e3,
                sequential.getValueAtPercentile(95) / 1e3, sequential.getValueAtPercentile(99) / 1e3,
                parallel.getValueAtPercentile(95) / (double) Math.max(1, sequential.getValueAtPercentile(95)));
    }

    private String inService() throws Exception {
        String run = Long.toHexString(System.nanoTime());
        String schema = "ensemble_bench_" + run;
        String verified = "pcs.verified.v1.bench-" + run;
        String risk = "pcs.risk.v1.bench-" + run;
        String out = "pcs.decision.v1.bench-" + run;
        ServiceProcess.createTopics("127.0.0.1:9092", verified, verified + ".dlq", risk, risk + ".dlq", out);
        int port = ServiceProcess.freePort();
        Path log = root.resolve("e2e-tests/target/bench-logs/ensemble-service.log");
        Files.createDirectories(log.getParent());
        ObjectMapper mapper = new ObjectMapper();
        Workloads w = new Workloads(7);
        String metrics;
        double seconds;
        long rss;
        try (ServiceProcess svc = ServiceProcess.service("ensemble-service", port, log,
                "quarkus.datasource.jdbc.url=" + DB + "?currentSchema=" + schema, "quarkus.flyway.schemas=" + schema,
                "quarkus.flyway.default-schema=" + schema, "flk.ensemble.consumer-group=bench-" + run,
                "flk.ensemble.verified-topic=" + verified, "flk.ensemble.risk-topic=" + risk,
                "flk.ensemble.decision-topic=" + out).start();
             KafkaProducer<String, byte[]> producer = producer()) {
            svc.awaitReady(port, Duration.ofSeconds(120));
            long t0 = System.nanoTime();
            for (int i = 0; i < decisions; i++) {
                byte[] body = withCitations(mapper, w.fresh().body());
                String pcsId = new PcsParser().parse(body).pcsId();
                String key = "bench/" + pcsId;
                ObjectNode rv = mapper.createObjectNode();
                rv.putObject("payload").put("tenant", "bench").put("pcs_id", pcsId).put("score", 0.1)
                        .put("interval_low", 0.0).put("interval_high", 0.25).put("model_version", "v1");
                ObjectNode vv = mapper.createObjectNode();
                ObjectNode p = vv.putObject("payload").put("tenant", "bench").put("pcs_id", pcsId)
                        .put("pcs_raw", new String(body, StandardCharsets.UTF_8));
                p.putObject("outcome").put("status", 200);
                producer.send(new ProducerRecord<>(risk, key, mapper.writeValueAsBytes(rv)));
                producer.send(new ProducerRecord<>(verified, key, mapper.writeValueAsBytes(vv)));
            }
            producer.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
            while (published(schema) < decisions && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            seconds = (System.nanoTime() - t0) / 1e9;
            metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ServiceProcess.metricsUrl(port)))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            rss = svc.rssKb();
        } finally {
            try (Connection c = DriverManager.getConnection(DB, "postgres", null); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
        double p50 = quantile(metrics, "0.5");
        double p95 = quantile(metrics, "0.95");
        double p99 = quantile(metrics, "0.99");
        return String.format(Locale.ROOT, "In the service (`flk_ensemble_decision_seconds`: the checks and their combination for "
                        + "one joined submission), %,d submissions produced to Kafka as verified + risk pairs: p50 %.2f ms, "
                        + "**p95 %.2f ms** (target ≤ 20 ms), p99 %.2f ms. All decided, stored and confirmed on "
                        + "pcs.decision.v1 in %.1f s (%.0f decisions/s, including the join in Postgres). ensemble-service RSS "
                        + "after the run: %d MiB.%n%n", decisions, p50 * 1e3, p95 * 1e3, p99 * 1e3, seconds,
                decisions / seconds, rss / 1024);
    }

    private static double quantile(String metrics, String q) {
        return io.fractallba.e2e.metrics.PrometheusHistogram.quantile(metrics, "flk_ensemble_decision_seconds", "",
                Double.parseDouble(q));
    }

    private static long published(String schema) throws Exception {
        try (Connection c = DriverManager.getConnection(DB + "?currentSchema=" + schema, "postgres", null);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM decisions WHERE published")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException notYet) {
            return 0; // the schema appears with the service's migration
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }
}
