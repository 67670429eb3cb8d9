package io.fractallba.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.e2e.DevIssuer;
import io.fractallba.e2e.ServiceProcess;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.event.PcsVerified;
import io.fractallba.pcs.event.Topics;
import io.fractallba.pcs.model.DeclaredUsage;
import io.fractallba.pcs.token.Roles;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.postgresql.ds.PGSimpleDataSource;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;

/**
 * The optimisation advisor applied end to end, on synthetic usage through the real cost-service: 150 days of a
 * tenant's verified submissions on a cheap and a dear model (trend, weekly season, a holiday, noise, per-task token
 * counts and trust drawn at random) reach the service as {@code pcs.verified.v1} events; 35 days ago the advisor's
 * recommendation is read (from the 28 days before) and recorded as applied, and from then on 70% of the dear model's
 * tasks are drawn on the cheap one. The realised saving the service measures against its counterfactual forecast is
 * compared with the true saving: the same random tasks without the change are sent as a second tenant and priced by
 * the same service, so the truth needs no price list of its own. A placebo tenant, whose recommendation is recorded
 * but never acted on, shows what the measurement says when nothing changed.
 */
final class AdvisorBenchmark {

    static final String HEADING = "## Optimisation advisor (one recommendation applied)";
    private static final String DB = "jdbc:postgresql://127.0.0.1:5432/flk";
    private static final int DAYS = 150;
    private static final int AFTER = 35;
    private static final double MOVED = 0.7;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path root;
    private final String token = DevIssuer.get().token(Roles.OPERATOR, Roles.ALL_TENANTS);
    private final HttpClient http = HttpClient.newHttpClient();
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private final LocalDate applied = today.minusDays(AFTER);
    private int port;
    private long sent;

    AdvisorBenchmark(Path root) {
        this.root = root;
    }

    public static void main(String[] args) throws Exception {
        System.out.println(new AdvisorBenchmark(Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize()).run());
    }

    /** One day's tasks of one world: per task its model, tokens and verdict, from the day's own seed. */
    private void sendDay(KafkaProducer<String, byte[]> producer, String topic, String tenant, int dayIndex,
                         boolean changed, long seed) throws Exception {
        LocalDate day = today.minusDays(DAYS - dayIndex);
        Random rnd = new Random(1_000_003L * dayIndex + seed);  // the same draws in both worlds of one seed
        double level = 140 * (1 + 0.002 * dayIndex);                                   // slow growth
        level *= day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY ? 0.45 : 1;
        level *= dayIndex == 60 ? 0.3 : 1;                                              // a holiday
        int n = (int) Math.max(0, Math.round(level * (1 + 0.08 * rnd.nextGaussian())));
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        for (int i = 0; i < n; i++) {
            boolean large = rnd.nextDouble() < 0.45;
            boolean move = rnd.nextDouble() < MOVED;
            double trust = rnd.nextDouble();
            long smallIn = Math.round(1200 * Math.exp(0.3 * rnd.nextGaussian()));
            long smallOut = Math.round(300 * Math.exp(0.3 * rnd.nextGaussian()));
            long largeIn = Math.round(6000 * Math.exp(0.3 * rnd.nextGaussian()));
            long largeOut = Math.round(1500 * Math.exp(0.3 * rnd.nextGaussian()));
            Instant at = start.plusMillis((long) (i * 86_400_000.0 / Math.max(1, n)));
            boolean onLarge = large && !(changed && move);
            DeclaredUsage usage = onLarge ? new DeclaredUsage("large", "answer", largeIn, largeOut, null)
                    : new DeclaredUsage("small", "answer", smallIn, smallOut, null);
            boolean trusted = trust < (onLarge ? 0.92 : 0.85);
            String id = UUID.randomUUID().toString().replace("-", "");
            String key = Topics.submissionKey(tenant, id);
            PcsVerified v = new PcsVerified(tenant, id, at.toString(), "bench", "{}",
                    new PcsVerified.VerifiedOutcome(trusted ? 200 : 202, true, !trusted, null, null, null, null), "k",
                    "default@1", new PcsVerified.WalPosition(1, 0), usage, new PcsVerified.FirstResponse("w:1", 200, "{}"),
                    new PcsVerified.VerifierWork(800 + rnd.nextInt(400), 900), null);
            sent++;
            producer.send(new ProducerRecord<>(topic, key, MAPPER.writeValueAsBytes(EventEnvelope.of(
                    EventEnvelope.deterministicId(PcsVerified.TYPE, key), PcsVerified.TYPE, PcsVerified.VERSION, tenant,
                    key, at, v))));
        }
    }

    String run() throws Exception {
        String schema = "advice_bench_" + Long.toHexString(System.nanoTime());
        String topic = "pcs.verified.v1.advice-bench-" + Long.toHexString(System.nanoTime());
        ServiceProcess.createTopics("127.0.0.1:9092", topic, topic + ".dlq");
        port = ServiceProcess.freePort();
        Path log = root.resolve("e2e-tests/target/bench-logs/cost-service-advisor.log");
        StringBuilder md = new StringBuilder(HEADING + "\n\n");
        Properties p = new Properties();
        p.put("bootstrap.servers", "127.0.0.1:9092");
        p.put("acks", "all");
        p.put("linger.ms", "5");
        p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        p.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        String t = "advise-bench";
        String cf = "advise-bench-without-change";
        String placebo = "advise-bench-placebo";
        try (ServiceProcess cost = ServiceProcess.service("cost-service", port, log,
                "quarkus.datasource.jdbc.url=" + DB + "?currentSchema=" + schema, "quarkus.flyway.schemas=" + schema,
                "quarkus.flyway.default-schema=" + schema, "flk.cost.topics=" + topic,
                "flk.cost.consumer-group=bench-" + schema, "flk.cost.budget-check-interval=0s",
                "flk.cost.reconcile-interval=0s").start();
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            cost.awaitReady(port, Duration.ofSeconds(90));
            int before = DAYS - AFTER;
            for (int d = 0; d < before; d++) {
                sendDay(producer, topic, t, d, false, 17);
                sendDay(producer, topic, placebo, d, false, 4242);
            }
            producer.flush();
            awaitStored(schema);
            // The decision, from the data before it: the recommendation as of the application day.
            JsonNode recs = get("/v1/cost/recommendations?tenant=" + t + "&to=" + applied).path("recommendations");
            JsonNode rec = null;
            for (JsonNode r : recs) {
                rec = rec == null && r.path("id").asText().equals("model-cost:large") ? r : rec;
            }
            if (rec == null) {
                return md + "The advisor did not recommend moving off the dear model in this run: " + recs + "\n\n";
            }
            JsonNode placeboRecs = get("/v1/cost/recommendations?tenant=" + placebo + "&to=" + applied).path("recommendations");
            post("{\"tenant\":\"" + t + "\",\"id\":\"model-cost:large\",\"applied_at\":\"" + applied
                    + "\",\"note\":\"70% of the large model's tasks moved to small\"}");
            post("{\"tenant\":\"" + placebo + "\",\"id\":\"model-cost:large\",\"applied_at\":\"" + applied
                    + "\",\"note\":\"recorded, never acted on (placebo)\"}");
            for (int d = before; d < DAYS; d++) {
                sendDay(producer, topic, t, d, true, 17);
                sendDay(producer, topic, cf, d, false, 17);
                sendDay(producer, topic, placebo, d, false, 4242);
            }
            producer.flush();
            awaitStored(schema);
            JsonNode real = get("/v1/cost/recommendations/applied?tenant=" + t).path("applied").get(0).path("realised");
            JsonNode plac = get("/v1/cost/recommendations/applied?tenant=" + placebo).path("applied").get(0).path("realised");
            double truth = total(cf) - total(t);
            double realised = real.path("realised_saving_usd").asDouble();
            md.append("Command: `dev/bench N --only-advisor` (or the full `dev/bench`). Synthetic usage, made up by the ")
              .append("harness and sent through Kafka to a real cost-service and PostgreSQL: ").append(DAYS)
              .append(" days of one tenant's verified submissions (about 140 a weekday growing 0.2%/day, weekends at 45%, ")
              .append("a holiday at 30%, ±8% noise; 45% on a `large` model of ~6,000/1,500 tokens, the rest on `small` of ")
              .append("~1,200/300, log-normal per task; 92% / 85% trusted), priced by the default list.\n\n");
            md.append(String.format(Locale.ROOT, "- Recommendation read as of %s (from the %s days before): `%s`, estimated "
                            + "**%.4f USD/month** (%s).%n", applied, rec.path("evidence").path("days").asText(),
                    rec.path("id").asText(),
                    rec.path("estimated_monthly_saving_usd").asDouble(), rec.path("basis").asText()));
            md.append(String.format(Locale.ROOT, "- Applied at %s: from then on %.0f%% of the large model's tasks are drawn "
                    + "on `small` (the same random tasks; their tokens and trust become small's).%n", applied, MOVED * 100));
            md.append(String.format(Locale.ROOT, "- Measured by the service after %d days (%s): counterfactual %.4f USD "
                            + "(band %.4f–%.4f by %s; model %s, backtest sMAPE %.1f%%), actual %.4f USD: **realised saving %.4f USD** "
                            + "(%.4f USD/month), %s.%n", real.path("measured_days").asInt(), real.path("status").asText(),
                    real.path("counterfactual_usd").asDouble(), real.path("counterfactual_lower_usd").asDouble(),
                    real.path("counterfactual_upper_usd").asDouble(), real.path("band_method").asText(),
                    real.path("counterfactual_model").asText(),
                    real.path("counterfactual_backtest_smape_percent").asDouble(), real.path("actual_usd").asDouble(),
                    realised, real.path("realised_monthly_saving_usd").asDouble(),
                    real.path("beyond_band").asBoolean() ? "beyond the band" : "inside the band"));
            md.append(String.format(Locale.ROOT, "- True saving (the same %d days without the change, sent as tenant `%s` "
                            + "and priced by the same service): **%.4f USD** — the measurement is off by %+.1f%%; the "
                            + "estimate, scaled to those days and to %.0f%% moved, was %.4f USD.%n",
                    AFTER, cf, truth, 100 * (realised - truth) / truth, MOVED * 100,
                    rec.path("estimated_monthly_saving_usd").asDouble() * AFTER / 30 * MOVED));
            md.append(String.format(Locale.ROOT, "- Placebo (same workload shape, recommendation recorded, nothing "
                            + "changed; %d recommendation(s) as of %s): realised %.4f USD over %d days against a "
                            + "counterfactual of %.4f USD (band %.4f–%.4f), %s.%n%n", placeboRecs.size(), applied,
                    plac.path("realised_saving_usd").asDouble(), plac.path("measured_days").asInt(),
                    plac.path("counterfactual_usd").asDouble(), plac.path("counterfactual_lower_usd").asDouble(),
                    plac.path("counterfactual_upper_usd").asDouble(),
                    plac.path("beyond_band").asBoolean() ? "beyond the band" : "inside the band"));
            md.append("The band is the counterfactual's own error on the tenant's history: the same forecast run from ")
              .append("earlier weekly origins over as many days, ± t(0.975, k) × the RMS relative error of the total at ")
              .append("those k origins (docs/cost.md; the origins' windows overlap, so their errors are not independent). ")
              .append("What the advisor cannot see is said in each recommendation's assumptions (here: ")
              .append("that the cheap model serves the moved tasks equally well — the synthetic trust rates make it ")
              .append("trust fewer of them, which the realised saving includes and the estimate does not).\n\n");
        } finally {
            try (Connection c = ds("public").getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
        return md.toString();
    }

    private double total(String tenant) throws Exception {
        JsonNode b = get("/v1/cost/breakdown?from=" + applied + "&to=" + today + "&tenant=" + tenant);
        return new BigDecimal(b.path("total_cost_usd").asText()).doubleValue();
    }

    /** Until every submission sent so far is stored (one {@code submissions} usage row each), at most 5 minutes. */
    private void awaitStored(String schema) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = ds(schema).getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM usage WHERE resource = 'submissions'")) {
                rs.next();
                if (rs.getLong(1) >= sent) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the cost-service stored fewer than the " + sent + " submissions sent in 5 min");
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return MAPPER.readTree(r.body());
    }

    private void post(String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/cost/recommendations/apply")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("apply answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static PGSimpleDataSource ds(String schema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(DB + "?currentSchema=" + schema);
        ds.setUser("postgres");
        return ds;
    }
}
