package io.fractallba.e2e.bench;

import io.fractallba.e2e.ServiceProcess;
import io.fractallba.sdk.load.LoadResult;
import io.fractallba.sdk.load.LoadRunner;
import io.fractallba.sdk.load.PreparedRequest;
import io.fractallba.sdk.load.Workloads;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark harness: JMH micro-benchmarks of the signature path, then the verifier under load (a separate
 * process, real WAL fsync, Redis and Kafka) next to a bare endpoint of the same process measured in the same run.
 * Writes docs/benchmarks.md. Usage: BenchmarkHarness [projectRoot] [requestsPerScenario]
 */
public final class BenchmarkHarness {

    private final Path root;
    private final int perScenario;
    private final StringBuilder md = new StringBuilder();

    private BenchmarkHarness(Path root, int perScenario) {
        this.root = root;
        this.perScenario = perScenario;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 30_000;
        if (args.length > 2 && args[2].equals("--only-policies")) {
            // One section alone (dev/bench N --only-policies): replaces that section of docs/benchmarks.md, saying so.
            String section = new PolicyBenchmark(root, Math.max(2000, n / 3)).run();
            section = section.replaceFirst("\n\n", "\n\nThis section alone was measured at " + Instant.now()
                    + " by `dev/bench " + n + " --only-policies` (" + Runtime.getRuntime().availableProcessors()
                    + " cores, java " + System.getProperty("java.version") + "), not in the run the rest of the page "
                    + "describes.\n\n");
            Path page = root.resolve("docs/benchmarks.md");
            Files.writeString(page, Sections.replace(Files.readString(page), "## Verification policies (CEL)", section));
            System.out.println(section);
            return;
        }
        if (args.length > 2 && args[2].equals("--only-attachments")) {
            // PII screening and VRF seeds alone (dev/bench N --only-attachments), replacing that section.
            replaceAlone(root, n, args[2], AttachmentBenchmark.HEADING, new AttachmentBenchmark(root).run());
            return;
        }
        if (args.length > 2 && args[2].equals("--only-advisor")) {
            replaceAlone(root, n, args[2], AdvisorBenchmark.HEADING, new AdvisorBenchmark(root).run());
            return;
        }
        if (args.length > 2 && args[2].equals("--only-tiering")) {
            // Predictive against fixed-age tiering alone (dev/bench N --only-tiering), replacing that section.
            replaceAlone(root, n, args[2], TieringBenchmark.HEADING, new TieringBenchmark(root).run());
            return;
        }
        if (args.length > 2 && args[2].equals("--only-footprint")) {
            // Time to ready and RSS per service in three JVM modes alone (dev/bench N --only-footprint).
            replaceAlone(root, n, args[2], FootprintBenchmark.HEADING, new FootprintBenchmark(root, n).run());
            return;
        }
        new BenchmarkHarness(root, n).run();
    }

    private void run() throws Exception {
        header();
        micro();
        load();
        save();
        md.append(new PolicyBenchmark(root, Integer.getInteger("flk.bench.policy-requests", Math.max(2000, perScenario / 3)))
                .run());
        save();
        md.append(new AttachmentBenchmark(root).run());
        save();
        md.append(new DedupBenchmark(root, Integer.getInteger("flk.bench.dedup-requests", 4000)).run());
        save();
        md.append(new TieringBenchmark(root).run());
        save();
        md.append(new io.fractallba.e2e.faults.FaultRun(root, Integer.getInteger("flk.bench.fault-run-n", 10_000)).run().report());
        save();
        md.append(new AuditBenchmark(root, Integer.getInteger("flk.bench.audit-entries", 1_000_000)).run());
        save();
        md.append(new CostBenchmark(root, Long.getLong("flk.bench.cost-rows", 10_000_000L),
                Integer.getInteger("flk.bench.cost-ingest-events", 50_000)).run());
        save();
        md.append(new ForecastBenchmark().run());
        save();
        md.append(new AdvisorBenchmark(root).run());
        save();
        md.append(new FootprintBenchmark(root, Integer.getInteger("flk.bench.footprint-requests", 3000)).run());
        save();
        md.append(new HrsBenchmark(root, Integer.getInteger("flk.bench.hrs-examples", 6000)).run());
        save();
        md.append(new EnsembleBenchmark(root, Integer.getInteger("flk.bench.ensemble-decisions", 5000)).run());
        save();
        md.append(new io.fractallba.e2e.crr.TwoRegionRun(root, Integer.getInteger("flk.bench.crr-per-region", 3000), false)
                .run().report());
        Files.writeString(root.resolve("docs/benchmarks.md"), md.toString());
        System.out.println(md);
    }

    /** Replaces one section of docs/benchmarks.md by a run of it alone, saying when and how it was measured. */
    private static void replaceAlone(Path root, int n, String flag, String heading, String measured) throws IOException {
        String section = measured.replaceFirst("\n\n", "\n\nThis section alone was measured at " + Instant.now()
                + " by `dev/bench " + n + " " + flag + "` (" + Runtime.getRuntime().availableProcessors()
                + " cores, java " + System.getProperty("java.version") + "), not in the run the rest of the page "
                + "describes.\n\n");
        Path page = root.resolve("docs/benchmarks.md");
        Files.writeString(page, Sections.replace(Files.readString(page), heading, section));
        System.out.println(section);
    }

    /** Writes what was measured so far, so a crash late in the run keeps the earlier sections. */
    private void save() throws IOException {
        Files.writeString(root.resolve("docs/benchmarks.md"), md.toString());
    }

    private void header() throws IOException {
        md.append("# Benchmarks\n\n");
        md.append("Produced by the project's harness; every number below was measured in the run described here.\n");
        md.append("Reproduce with `dev/bench` (optionally `dev/bench <requests per scenario>`).\n\n");
        md.append("## Machine of this run\n\n");
        md.append("- date: ").append(Instant.now()).append('\n');
        md.append("- cores: ").append(Runtime.getRuntime().availableProcessors()).append('\n');
        md.append("- cpu: ").append(cpuModel()).append('\n');
        md.append("- memory: ").append(memTotal()).append('\n');
        md.append("- java: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version")).append('\n');
        md.append("- everything on this one machine: load generator, verifier, Kafka broker, Redis, so absolute numbers are\n")
          .append("  shared-CPU numbers; compare the ratios to the baseline measured in the same run.\n\n");
    }

    private void micro() throws Exception {
        md.append("## Signature path (JMH, one thread)\n\n");
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(SignatureBenchmark.class.getName()).jvmArgs("-Xmx256m").build()).run();
        double bc = 0;
        double jdk = 0;
        md.append("| benchmark | ops/s | ± (99.9%) |\n|---|---:|---:|\n");
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            double score = r.getPrimaryResult().getScore();
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f |%n", name, score, r.getPrimaryResult().getScoreError()));
            if (name.equals("payloadPlusEd25519VerifyBouncyCastle")) {
                bc = score;
            }
            if (name.equals("payloadPlusEd25519VerifyJdkBaseline")) {
                jdk = score;
            }
        }
        if (jdk > 0) {
            md.append(String.format(Locale.ROOT, "%nEd25519 with BouncyCastle is **%.1f×** the JDK provider in this run "
                    + "(target: ≥ 6,000 verifications/s per core).%n%n", bc / jdk));
        }
    }

    private void load() throws Exception {
        int port = ServiceProcess.freePort();
        Path wal = Files.createTempDirectory("flk-bench-wal");
        Path log = root.resolve("e2e-tests/target/bench-verifier.log");
        // A topic of its own: ~200,000 benchmark events on the suite's pcs.verified.v1 would queue up in front of the
        // dev stack's consumers (a demo after a benchmark waited behind them).
        String topic = "pcs.verified.v1.bench-" + Long.toHexString(System.nanoTime());
        ServiceProcess.createTopics("127.0.0.1:9092", topic);
        List<String> cmd = List.of("java", "-Xmx192m", "-XX:+UseSerialGC", "-Dquarkus.profile=dev",
                "-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + ServiceProcess.allotManagementPort(port),
                "-Dflk.verifier.wal.dir=" + wal, "-Dflk.verifier.bench-baseline-enabled=true",
                "-Dflk.verifier.topic=" + topic,
                // Redis as the only dedup tier here; the durable tiers have their own section below.
                "-Dflk.verifier.dedup.durable-url=",
                "-Dquarkus.log.level=WARN", "-jar", root.resolve("verifier-service/target/quarkus-app/quarkus-run.jar").toString());
        try (ServiceProcess p = new ServiceProcess(cmd, log).start()) {
            p.awaitReady(port, Duration.ofSeconds(90));
            String base = "http://127.0.0.1:" + port;
            Workloads w = new Workloads(System.nanoTime());
            // warm-up of both paths (JIT), not reported
            runner(base + "/bench/baseline").run(generate(w, 5000, "fresh"), 32, 0);
            runner(base + "/v1/pcs/submit").run(generate(w, 5000, "fresh"), 32, 0);

            LoadResult bare = runner(base + "/bench/baseline").run(generate(w, perScenario, "fresh"), 32, 0);
            java.util.Map<String, double[]> before = stages(base);
            LoadResult hmac = runner(base + "/v1/pcs/submit").run(generate(w, perScenario, "fresh"), 32, 0);
            java.util.Map<String, double[]> after = stages(base);
            LoadResult ed = runner(base + "/v1/pcs/submit").run(generate(w, perScenario, "ed25519"), 32, 0);
            double half = hmac.throughput() / 2;
            double quarter = hmac.throughput() / 4;
            LoadResult paced = runner(base + "/v1/pcs/submit").run(generate(w, (int) Math.min(perScenario, half * 15), "fresh"), 64, half);
            LoadResult pacedQuarter = runner(base + "/v1/pcs/submit").run(generate(w, (int) Math.min(perScenario, quarter * 15), "fresh"), 64, quarter);
            LoadResult pacedEd = runner(base + "/v1/pcs/submit").run(generate(w, (int) Math.min(perScenario, half * 15), "ed25519"), 64, half);
            long rss = p.rssKb();

            md.append("## Verifier submit under load\n\n");
            md.append(String.format(Locale.ROOT, "Separate verifier process (`-Xmx192m`, SerialGC, WAL fsync on, Redis dedup, Kafka "
                    + "acks=all), %d requests per scenario after a warm-up, 32 closed-loop client threads (Java HttpClient, "
                    + "HTTP/1.1) unless paced. Baseline: `POST /bench/baseline` of the same process (same HTTP stack and "
                    + "body reading, no WAL/Redis/Kafka/verification).%n%n", perScenario));
            md.append("| scenario | req/s | ratio to baseline | p50 ms | p99 ms | p99.9 ms | statuses |\n|---|---:|---:|---:|---:|---:|---|\n");
            row("bare endpoint (baseline)", bare, bare);
            row("submit, HMAC tenant", hmac, bare);
            row("submit, Ed25519 tenant", ed, bare);
            row(String.format(Locale.ROOT, "submit, HMAC, paced at %.0f req/s (half of max)", half), paced, bare);
            row(String.format(Locale.ROOT, "submit, HMAC, paced at %.0f req/s (quarter of max)", quarter), pacedQuarter, bare);
            row(String.format(Locale.ROOT, "submit, Ed25519, paced at %.0f req/s", half), pacedEd, bare);
            md.append("\nWhere a request's time goes in the closed-loop HMAC scenario (the verifier's own "
                    + "`flk_verifier_stage_seconds`, mean per request over that scenario):\n\n| stage | mean ms |\n|---|---:|\n");
            String slowest = null;
            double slowestMs = -1;
            double stagesMs = 0;
            for (String stage : List.of("wal", "parse", "verify", "decide", "dedup", "publish")) {
                double[] a = after.getOrDefault(stage, new double[2]);
                double[] b = before.getOrDefault(stage, new double[2]);
                double n = a[1] - b[1];
                double ms = n > 0 ? 1000 * (a[0] - b[0]) / n : 0;
                md.append(String.format(Locale.ROOT, "| %s | %.3f |%n", stage, ms));
                stagesMs += ms;
                if (ms > slowestMs) {
                    slowestMs = ms;
                    slowest = stage;
                }
            }
            md.append(String.format(Locale.ROOT, "%nIn this run the `%s` stage took %.0f%% of the time spent in the "
                    + "measured stages (%.2f of %.2f ms per request); the gap to the targets is analysed in "
                    + "[verifier.md](verifier.md#performance-status).%n", slowest, 100 * slowestMs / stagesMs, slowestMs, stagesMs));
            md.append(String.format(Locale.ROOT, "%nVerifier RSS after the load: **%.0f MiB** (target ≤ 256 MiB).%n%n", rss / 1024.0));
            md.append("### Against the targets of docs/architecture.md\n\n");
            md.append(String.format(Locale.ROOT, "- throughput ≥ 5,000 req/s: measured %.0f req/s (HMAC) — %s%n", hmac.throughput(),
                    hmac.throughput() >= 5000 ? "met" : "not met on this shared 2-core machine"));
            md.append(String.format(Locale.ROOT, "- ≥ 50%% of the bare endpoint: measured %.0f%% — %s%n", 100 * hmac.throughput() / bare.throughput(),
                    hmac.throughput() >= 0.5 * bare.throughput() ? "met" : "not met"));
            // The target means half of the 5,000 req/s target rate; this machine cannot offer that, so only the
            // measurement at half of its own maximum is reported, and the target is not claimed.
            md.append(String.format(Locale.ROOT, "- p99 ≤ 20 ms at half the max rate (2,500 req/s): not measurable here, the "
                    + "measured maximum is %.0f req/s; at half of that (%.0f req/s) p99 was %.2f ms%n",
                    hmac.throughput(), half, paced.percentileMillis(99)));
            md.append(String.format(Locale.ROOT, "- RSS ≤ 256 MiB: measured %.0f MiB — %s%n%n", rss / 1024.0, rss <= 256 * 1024 ? "met" : "not met"));
        }
    }

    private void row(String name, LoadResult r, LoadResult base) {
        md.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.2f | %.2f | %s%s |%n", name, r.throughput(),
                r.throughput() / base.throughput(), r.percentileMillis(50), r.percentileMillis(99), r.percentileMillis(99.9),
                r.statuses(), r.errors() > 0 ? " errors=" + r.errors() : ""));
    }

    /** stage -> {sum seconds, count} from the verifier's Prometheus endpoint. */
    private static java.util.Map<String, double[]> stages(String base) throws Exception {
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ServiceProcess.metricsUrl(base))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.Map<String, double[]> out = new java.util.HashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("flk_verifier_stage_seconds_(sum|count)\\{stage=\"(\\w+)\"\\} ([0-9.eE+-]+)").matcher(text);
        while (m.find()) {
            out.computeIfAbsent(m.group(2), k -> new double[2])[m.group(1).equals("sum") ? 0 : 1] = Double.parseDouble(m.group(3));
        }
        return out;
    }

    private static LoadRunner runner(String url) {
        return new LoadRunner(URI.create(url));
    }

    private static List<PreparedRequest> generate(Workloads w, int n, String kind) {
        List<PreparedRequest> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(kind.equals("ed25519") ? w.freshEd25519() : w.fresh());
        }
        return out;
    }

    private static String cpuModel() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.replaceAll(".*:\\s*", "")).orElse("unknown");
    }

    private static String memTotal() throws IOException {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .findFirst().map(l -> l.replaceAll("MemTotal:\\s*", "")).orElse("unknown");
    }
}
