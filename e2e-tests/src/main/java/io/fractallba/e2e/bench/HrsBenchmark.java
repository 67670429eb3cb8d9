package io.fractallba.e2e.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fractallba.e2e.ServiceProcess;
import io.fractallba.hrs.eval.LabelledFeatures;
import io.fractallba.hrs.eval.SyntheticLabelledData;
import io.fractallba.hrs.features.FeatureExtractor;
import io.fractallba.hrs.features.FeatureSchema;
import io.fractallba.ml.Example;
import io.fractallba.ml.Metrics;
import io.fractallba.ml.OnnxScorer;
import io.fractallba.ml.OnnxWriter;
import io.fractallba.ml.TrainedModel;
import io.fractallba.hrs.registry.ModelCard;
import io.fractallba.hrs.training.Candidate;
import io.fractallba.hrs.training.TrainingPipeline;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The hrs-service's evaluation report (docs/hrs-evaluation.md) and its scoring latency section of docs/benchmarks.md.
 * Every number comes from data generated and scored in this run.
 */
public final class HrsBenchmark {

    static final long DATA_SEED = 2026;
    static final long FRESH_SEED = 2027;
    static final long SPLIT_SEED = 42;
    private static final String DB = "jdbc:postgresql://127.0.0.1:5432/flk";

    private final Path root;
    private final int examples;

    HrsBenchmark(Path root, int examples) {
        this.root = root;
        this.examples = examples;
    }

    /** HrsBenchmark [projectRoot] [examples]: writes docs/hrs-evaluation.md, prints the latency section. */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 6000;
        System.out.println(new HrsBenchmark(root, n).run());
    }

    String run() throws Exception {
        FeatureExtractor fx = new FeatureExtractor(new ObjectMapper());
        List<Example> data = LabelledFeatures.of(new SyntheticLabelledData(DATA_SEED).generate(examples), fx);
        List<Example> fresh = LabelledFeatures.of(new SyntheticLabelledData(FRESH_SEED).generate(examples * 2 / 3), fx);
        Candidate c = new TrainingPipeline(0.01, 0.1, 200).train(data, SPLIT_SEED, null);
        Files.writeString(root.resolve("docs/hrs-evaluation.md"), evaluation(c, fresh));
        return latency(c.model(), fresh);
    }

    private String evaluation(Candidate c, List<Example> fresh) {
        TrainedModel m = c.model();
        double[] p = fresh.stream().mapToDouble(e -> m.score(e.x())).toArray();
        int[] y = fresh.stream().mapToInt(Example::label).toArray();
        StringBuilder md = new StringBuilder("# HRS evaluation report\n\n");
        md.append("Produced by the pipeline itself (`TrainingPipeline`, the code the hrs-service trains with) on the project's "
                + "synthetic labelled data set; no number below was typed by hand. Reproduce with `dev/hrs-eval` (or "
                + "`java -cp … io.fractallba.e2e.bench.HrsBenchmark . " + examples + "`). Run: " + Instant.now() + ".\n\n");
        md.append("## Data\n\n");
        md.append(String.format(Locale.ROOT, "- %,d submissions from `SyntheticLabelledData` (generator seed %d): each a real "
                + "signed PCS computed by the SDK from a 2-D agent trace — smooth paths (label 0) and paths degraded by a latent "
                + "amount of noise and collapse (label 1), overlapping classes, 3%% label noise, 70%% with agent features, "
                + "10%% tampered with and labelled risky (docs/hrs.md describes the generator).%n", examples, DATA_SEED));
        md.append(String.format(Locale.ROOT, "- Split by a seeded hash of the key (seed %d): %,d train (+ %,d injected "
                + "tampered twins), %,d Platt calibration, %,d conformal, %,d test; risky rate %.3f. Data hash `%s`.%n",
                c.seed(), c.trainRows(), c.injectedTamperingRows(), c.calibrationRows(), c.conformalRows(), c.testRows(),
                c.positiveRate(), c.dataHash()));
        if (c.droppedColumns() != null && !c.droppedColumns().isEmpty()) {
            md.append("- Columns left out of the fit (constant or collinear in the training rows): ");
            md.append(String.join("; ", c.droppedColumns().stream().map(d -> "`" + d.column() + "` (" + d.reason() + ")")
                    .toList())).append(".\n");
        }
        md.append(String.format(Locale.ROOT, "- Fresh data for the coverage check: %,d further submissions (generator seed %d), "
                + "never seen in training or calibration.%n%n", fresh.size(), FRESH_SEED));
        md.append("## Held-out test split: model and baselines\n\n");
        md.append("Baselines go through the same fitting, Platt calibration and conformal interval on one column: the single "
                + "feature that separates the training labels best, and response length where agents supply it.\n\n");
        md.append(ModelCard.table(c)).append('\n');
        md.append("## Fresh data\n\n");
        md.append(String.format(Locale.ROOT, "| measure | value |%n|---|---:|%n| rows | %,d |%n| AUROC | %.4f |%n| ECE (10 bins) | "
                        + "%.4f |%n| Brier | %.4f |%n| interval coverage | %.4f |%n| nominal coverage | %.2f |%n"
                        + "| interval coverage, label 0 | %.4f |%n| interval coverage, label 1 | %.4f |%n"
                        + "| mean interval width | %.4f |%n%n", p.length, Metrics.auroc(p, y), Metrics.ece(p, y, 10),
                Metrics.brier(p, y), Metrics.coverage(p, y, m.qLow(), m.qHigh()), 1 - m.alpha(),
                coverageOfLabel(p, y, m, 0), coverageOfLabel(p, y, m, 1), Metrics.meanWidth(p, m.qLow(), m.qHigh())));
        md.append("### Reliability on fresh data\n\n| predicted risk bin | rows | mean predicted | observed rate |\n"
                + "|---|---:|---:|---:|\n");
        for (int b = 0; b < 10; b++) {
            double lo = b / 10.0;
            double hi = (b + 1) / 10.0;
            int n = 0;
            double sp = 0;
            double sy = 0;
            for (int i = 0; i < p.length; i++) {
                if (p[i] >= lo && (p[i] < hi || (b == 9 && p[i] <= 1))) {
                    n++;
                    sp += p[i];
                    sy += y[i];
                }
            }
            md.append(n == 0 ? String.format(Locale.ROOT, "| %.1f–%.1f | 0 | – | – |%n", lo, hi)
                    : String.format(Locale.ROOT, "| %.1f–%.1f | %d | %.3f | %.3f |%n", lo, hi, n, sp / n, sy / n));
        }
        md.append("\n## Weights (standardised features, after calibration)\n\n| column | weight |\n|---|---:|\n");
        java.util.stream.IntStream.range(0, m.weights().length).boxed()
                .sorted((a, b) -> Double.compare(Math.abs(m.weights()[b]), Math.abs(m.weights()[a])))
                .forEach(j -> md.append(String.format(Locale.ROOT, "| %s | %.4f |%n", FeatureSchema.COLUMNS.get(j), m.weights()[j])));
        md.append("\n## Limits\n\n- The data set is synthetic: it shows the pipeline measures honestly and the features carry "
                + "signal about degraded traces, not how well risk is predicted for any real agent. Each tenant's own labels "
                + "(POST /v1/hrs/labels) train the models that replace the bootstrap one.\n"
                + "- Conformal coverage holds on average for data like the calibration set; the drift gauges say when traffic "
                + "stops looking like it.\n");
        return md.toString();
    }

    /** Interval coverage among the rows of one label (the Mondrian interval's promise is per label). */
    private static double coverageOfLabel(double[] p, int[] y, TrainedModel m, int label) {
        double[] ps = java.util.stream.IntStream.range(0, p.length).filter(i -> y[i] == label).mapToDouble(i -> p[i]).toArray();
        int[] ys = java.util.stream.IntStream.range(0, p.length).filter(i -> y[i] == label).map(i -> y[i]).toArray();
        return Metrics.coverage(ps, ys, m.qLow(), m.qHigh());
    }

    private String latency(TrainedModel m, List<Example> rows) throws Exception {
        StringBuilder md = new StringBuilder("## HRS scoring latency\n\n");
        md.append(String.format(Locale.ROOT, "Command: `dev/hrs-eval` (`java -cp … io.fractallba.e2e.bench.HrsBenchmark . %d`), "
                + "run %s. Model: the one in docs/hrs-evaluation.md (%d columns).%n%n", examples, Instant.now(), FeatureSchema.width()));
        Histogram onnx = new Histogram(3);
        Histogram java = new Histogram(3);
        try (OnnxScorer scorer = new OnnxScorer(OnnxWriter.write(m, "bench"), FeatureSchema.width())) {
            for (int round = 0; round < 2; round++) { // round 0 warms up both paths
                for (int i = 0; i < 20_000; i++) {
                    double[] x = rows.get(i % rows.size()).x();
                    long t0 = System.nanoTime();
                    scorer.score(x);
                    long t1 = System.nanoTime();
                    m.score(x);
                    long t2 = System.nanoTime();
                    if (round == 1) {
                        onnx.recordValue(t1 - t0);
                        java.recordValue(t2 - t1);
                    }
                }
            }
        }
        md.append("| in process, one row per call (20,000 calls after 20,000 warm-up) | p50 | p99 | p99.9 |\n|---|---:|---:|---:|\n");
        md.append(row("onnxruntime session (what the service runs)", onnx, 1e3, "µs"));
        md.append(row("baseline: the same model as plain Java arithmetic", java, 1e3, "µs"));
        md.append(String.format(Locale.ROOT, "%nIn-process p99: **%.0f µs** (target ≤ 2 ms); onnxruntime costs %.1f× the plain "
                        + "arithmetic at p50 (JNI call and tensor set-up dominate a %d-weight model).%n%n",
                onnx.getValueAtPercentile(99) / 1e3, onnx.getValueAtPercentile(50) / (double) Math.max(1, java.getValueAtPercentile(50)),
                FeatureSchema.width()));
        md.append(http(rows));
        return md.toString();
    }

    private String http(List<Example> rows) throws Exception {
        String schema = "hrs_bench_" + Long.toHexString(System.nanoTime());
        int port = ServiceProcess.freePort();
        Path log = root.resolve("e2e-tests/target/bench-logs/hrs-service.log");
        Files.createDirectories(log.getParent());
        String run = Long.toHexString(System.nanoTime());
        List<SyntheticLabelledData.Item> items = new SyntheticLabelledData(FRESH_SEED).generate(500);
        ObjectMapper mapper = new ObjectMapper();
        Histogram score = new Histogram(3);
        Histogram health = new Histogram(3);
        long rss;
        try (ServiceProcess hrs = ServiceProcess.service("hrs-service", port, log,
                "quarkus.datasource.jdbc.url=" + DB + "?currentSchema=" + schema, "quarkus.flyway.schemas=" + schema,
                "quarkus.flyway.default-schema=" + schema, "flk.hrs.consumer-group=bench-" + run,
                "flk.hrs.input-topic=pcs.verified.v1.bench-" + run, "flk.hrs.training-interval=0s").start()) {
            hrs.awaitReady(port, Duration.ofSeconds(120));
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI scoreUri = URI.create("http://127.0.0.1:" + port + "/v1/hrs/score");
            URI healthUri = URI.create("http://127.0.0.1:" + ServiceProcess.managementPort(port) + "/q/health/live");
            String[] bodies = items.stream().map(it -> {
                ObjectNode b = mapper.createObjectNode().put("tenant", it.tenant());
                try {
                    b.set("pcs", mapper.readTree(it.json()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return b.toString();
            }).toArray(String[]::new);
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (post(client, scoreUri, bodies[0]) != 200) { // the bootstrap model trains after start-up
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no model became active; see " + log);
                }
                Thread.sleep(500);
            }
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 5000; i++) {
                    long t0 = System.nanoTime();
                    if (post(client, scoreUri, bodies[i % bodies.length]) != 200) {
                        throw new IllegalStateException("scoring failed over HTTP");
                    }
                    long t1 = System.nanoTime();
                    client.send(HttpRequest.newBuilder(healthUri).build(), HttpResponse.BodyHandlers.discarding());
                    long t2 = System.nanoTime();
                    if (round == 1) {
                        score.recordValue(t1 - t0);
                        health.recordValue(t2 - t1);
                    }
                }
            }
            rss = hrs.rssKb();
        } finally {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(DB, "postgres", null);
                 java.sql.Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
        StringBuilder md = new StringBuilder("| over HTTP, one client, keep-alive (5,000 calls after 5,000 warm-up) | p50 | p95 | p99 |\n"
                + "|---|---:|---:|---:|\n");
        md.append(rowHttp("POST /v1/hrs/score (bearer token check, parse, features, tenant baseline, ONNX)", score));
        md.append(rowHttp("baseline: GET /q/health/live on the same process (management port)", health));
        md.append(String.format(Locale.ROOT, "%nOver HTTP p95: **%.2f ms** (target ≤ 10 ms), %.1f× the health endpoint's p95 in "
                        + "the same run. hrs-service RSS after the run: %d MiB.%n%n", score.getValueAtPercentile(95) / 1e6,
                score.getValueAtPercentile(95) / (double) Math.max(1, health.getValueAtPercentile(95)), rss / 1024));
        return md.toString();
    }

    /** One token for the whole run: the score path pays its verification on every request, not its signing. */
    private static final String READER = "Bearer " + io.fractallba.e2e.DevIssuer.get().token(
            io.fractallba.pcs.token.Roles.TENANT_READER, io.fractallba.pcs.token.Roles.ALL_TENANTS);

    private static int post(HttpClient client, URI uri, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Authorization", READER)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String row(String name, Histogram h, double div, String unit) {
        return String.format(Locale.ROOT, "| %s | %.1f %s | %.1f %s | %.1f %s |%n", name, h.getValueAtPercentile(50) / div, unit,
                h.getValueAtPercentile(99) / div, unit, h.getValueAtPercentile(99.9) / div, unit);
    }

    private static String rowHttp(String name, Histogram h) {
        return String.format(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %.2f ms |%n", name, h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(95) / 1e6, h.getValueAtPercentile(99) / 1e6);
    }
}
