package io.fractallba.e2e.bench;

import io.fractallba.e2e.DevIssuer;
import io.fractallba.e2e.ServiceProcess;
import io.fractallba.sdk.load.LoadResult;
import io.fractallba.sdk.load.LoadRunner;
import io.fractallba.sdk.load.PreparedRequest;
import io.fractallba.sdk.load.Workloads;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Footprint and start-up of every service the way dev/up starts it, in three JVM modes measured in one run: JDK 17
 * (`java` on the PATH), JDK 25 and JDK 25 with an ahead-of-time cache (JEP 483/514/515) recorded by a training run of
 * the same service under the same load. The JVM flags are dev/lib.sh's own (service_java_opts), so the table measures
 * what dev/up runs. Time to ready: process start until {@code /q/health/ready} on the management port answers 200,
 * polled every 20 ms, each service alone, the modes interleaved round by round (median of the rounds). RSS: VmRSS of
 * /proc/&lt;pid&gt;/status after a representative load of each service (see {@link #loadOf}).
 *
 * <p>Alone: {@code dev/bench N --only-footprint}.
 */
public final class FootprintBenchmark {

    static final String HEADING = "## Footprint and start-up: JDK 17, JDK 25, JDK 25 + AOT cache";
    private static final String DB = "jdbc:postgresql://127.0.0.1:5432/flk";
    private static final String KAFKA = "127.0.0.1:9092";
    private static final List<String> SERVICES = List.of("verifier-service", "dedup-service", "audit-service",
            "hrs-service", "ensemble-service", "cost-service", "crr-shipper");
    private static final long TARGET_RSS_KB = 192 * 1024;
    private static final long TARGET_READY_MS = 1500;

    private record Mode(String name, String java, int major, boolean aot) { }

    /** The private topics of one phase: nothing a phase sends reaches the suite's topics or another phase. */
    private record Topics(String verified, String risk, String decision, String checkpoint, String usage, String budget) {
        static Topics of(String suffix) {
            return new Topics("pcs.verified.v1." + suffix, "pcs.risk.v1." + suffix, "pcs.decision.v1." + suffix,
                    "audit.checkpoint.v1." + suffix, "cost.usage.v1." + suffix, "cost.budget.v1." + suffix);
        }

        List<String> all() {
            List<String> out = new ArrayList<>();
            for (String t : List.of(verified, risk, decision, checkpoint, usage, budget)) {
                out.add(t);
                out.add(t + ".dlq");
            }
            return out;
        }
    }

    /** A started service: its process, ports, log and what its start cost. */
    private record Started(String module, Process process, int port, int management, Path log, long readyMs) { }

    private final Path root;
    private final int requests;
    private final int rounds = Integer.getInteger("flk.bench.footprint-rounds", 3);
    private final String run = Long.toHexString(System.nanoTime());
    private final Path work;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final StringBuilder md = new StringBuilder();
    private final List<String> notes = new ArrayList<>();

    public FootprintBenchmark(Path root, int requests) {
        this.root = root;
        this.requests = requests;
        this.work = root.resolve("e2e-tests/target/footprint/" + run);
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        System.out.println(new FootprintBenchmark(root, args.length > 1 ? Integer.parseInt(args[1]) : 3000).run());
    }

    public String run() throws Exception {
        String load0 = loadAverage();
        Instant started = Instant.now();
        copyApps();
        String java17 = "java";
        int major17 = javaMajor(java17);
        String java25 = bash("find_jdk25 || true").trim();
        List<Mode> modes = new ArrayList<>(List.of(new Mode("JDK " + major17, java17, major17, false)));
        if (!java25.isEmpty()) {
            int major25 = javaMajor(java25);
            modes.add(new Mode("JDK " + major25, java25, major25, false));
            modes.add(new Mode("JDK " + major25 + " + AOT cache", java25, major25, true));
        }

        // Training (with an AOT-capable JDK) or a warm-up start (without): it also migrates each service's private
        // schema, so no measured start pays for Flyway's first migration.
        Topics trainTopics = topics("train");
        Map<String, long[]> training = new LinkedHashMap<>();   // ready ms, exit ms after SIGTERM, cache bytes
        Mode prepare = modes.size() > 1 ? modes.get(1) : modes.get(0);
        for (String mod : SERVICES) {
            Path cache = work.resolve("aot/" + mod + ".aot");
            Files.createDirectories(cache.getParent());
            List<String> extra = modes.size() > 1 ? List.of("-XX:AOTCacheOutput=" + cache) : List.of();
            Started s = start(mod, prepare, extra, trainTopics, "train");
            loadOf(s, trainTopics, "train");
            long exitMs = stop(s, 180);
            training.put(mod, new long[] {s.readyMs(), exitMs, Files.exists(cache) ? Files.size(cache) : 0});
        }

        // Time to ready: each service alone, the modes interleaved in every round (drift of the shared machine's load
        // falls on all modes alike).
        Topics idle = topics("idle");
        Map<String, Map<String, List<Long>>> ready = new LinkedHashMap<>();
        Map<String, Map<String, List<Long>>> stopMs = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (String mod : SERVICES) {
                for (Mode m : modes) {
                    Started s = start(mod, m, aotUse(mod, m), idle, "idle-" + r);
                    ready.computeIfAbsent(mod, k -> new LinkedHashMap<>()).computeIfAbsent(m.name(), k -> new ArrayList<>()).add(s.readyMs());
                    long e = stop(s, 60);
                    stopMs.computeIfAbsent(mod, k -> new LinkedHashMap<>()).computeIfAbsent(m.name(), k -> new ArrayList<>()).add(e);
                }
            }
        }

        // RSS: each mode's own phase, every service started in turn, loaded, measured, stopped.
        Map<String, Map<String, long[]>> rss = new LinkedHashMap<>();   // ready KiB, after load KiB
        Map<String, String> verifierLoad = new LinkedHashMap<>();
        for (Mode m : modes) {
            Topics t = topics(m.aot() ? "aot" : "jdk" + m.major());
            for (String mod : SERVICES) {
                String phase = "load-" + m.major() + (m.aot() ? "-aot" : "");
                Started s = start(mod, m, aotUse(mod, m), t, phase);
                Thread.sleep(3000);
                long idleKb = rssKb(s.process());
                String what = loadOf(s, t, phase);
                Thread.sleep(1000);
                long loadedKb = rssKb(s.process());
                rss.computeIfAbsent(mod, k -> new LinkedHashMap<>()).put(m.name(), new long[] {idleKb, loadedKb});
                if (mod.equals("verifier-service")) {
                    verifierLoad.put(m.name(), what);
                }
                if (m.aot()) {
                    aotWarnings(s);
                }
                stop(s, 60);
            }
        }
        report(modes, training, ready, stopMs, rss, verifierLoad, started, load0);
        cleanUp();
        return md.toString();
    }

    /** Drops the run's schemas and deletes the copies of the apps and the caches (about 1 GB); the logs stay. */
    private void cleanUp() throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(DB, "postgres", "");
             java.sql.Statement st = c.createStatement()) {
            for (String mod : SERVICES) {
                if (!mod.equals("verifier-service")) {
                    st.execute("drop schema if exists fp_" + mod.replace("-service", "").replace("-", "_") + "_" + run + " cascade");
                }
            }
        } catch (java.sql.SQLException e) {
            notes.add("the run's schemas fp_*_" + run + " could not be dropped: " + e.getMessage());
        }
        for (String dir : List.of("apps", "aot", "data", "wal")) {
            Path d = work.resolve(dir);
            if (Files.exists(d)) {
                try (Stream<Path> files = Files.walk(d)) {
                    for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    // ---- processes ------------------------------------------------------------------------------------------------

    /** A copy of each service's quarkus-app/, so a rebuild during the run changes nothing measured (and no cache). */
    private void copyApps() throws IOException {
        for (String mod : SERVICES) {
            Path from = root.resolve(mod + "/target/quarkus-app");
            if (!Files.exists(from.resolve("quarkus-run.jar"))) {
                throw new IllegalStateException(from + " missing: package the services first");
            }
            Path to = work.resolve("apps/" + mod);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
    }

    private List<String> aotUse(String mod, Mode m) {
        return m.aot() ? List.of("-XX:AOTCache=" + work.resolve("aot/" + mod + ".aot")) : List.of();
    }

    private Started start(String mod, Mode mode, List<String> aotFlags, Topics t, String group) throws Exception {
        int port = ServiceProcess.freePort();
        int management = ServiceProcess.freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(mode.java());
        cmd.addAll(Arrays.asList(bash("service_java_opts " + mod + " " + mode.major()).trim().split("\\s+")));
        cmd.addAll(aotFlags);
        cmd.addAll(List.of("-Dquarkus.profile=dev", "-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + management));
        for (String p : DevIssuer.get().serviceProps()) {
            cmd.add("-D" + p);
        }
        for (String p : props(mod, t, group)) {
            cmd.add("-D" + p);
        }
        cmd.addAll(List.of("-jar", work.resolve("apps/" + mod + "/quarkus-run.jar").toString()));
        Path log = work.resolve("logs/" + mod + ".log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "\n==== " + Instant.now() + " " + mode.name() + " " + group + ": " + String.join(" ", cmd) + "\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Files.createDirectories(work.resolve("data")).toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("MALLOC_ARENA_MAX", bash("echo $MALLOC_ARENAS").trim());
        long t0 = System.nanoTime();
        Process p = pb.start();
        URI probe = URI.create("http://127.0.0.1:" + management + "/q/health/ready");
        long deadline = t0 + TimeUnit.SECONDS.toNanos(180);
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException(mod + " (" + mode.name() + ") exited with " + p.exitValue() + ", see " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException(mod + " (" + mode.name() + ") not ready after 180 s, see " + log);
            }
            Thread.sleep(20);
        }
        return new Started(mod, p, port, management, log, (System.nanoTime() - t0) / 1_000_000);
    }

    /** SIGTERM, then waits (a JVM recording an AOT cache writes it while it exits); returns the ms until it exited. */
    private static long stop(Started s, int seconds) throws InterruptedException {
        long t0 = System.nanoTime();
        s.process().destroy();
        if (!s.process().waitFor(seconds, TimeUnit.SECONDS)) {
            s.process().destroyForcibly().waitFor();
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static long rssKb(Process p) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for " + p.pid());
    }

    /** The service's configuration for one phase: private topics, consumer group and database schema. */
    private List<String> props(String mod, Topics t, String group) {
        String g = group(group, mod);
        String schema = "fp_" + mod.replace("-service", "").replace("-", "_") + "_" + run;
        List<String> db = List.of("quarkus.datasource.jdbc.url=" + DB + "?currentSchema=" + schema,
                "quarkus.flyway.schemas=" + schema, "quarkus.flyway.default-schema=" + schema);
        List<String> out = new ArrayList<>();
        switch (mod) {
            case "verifier-service" -> out.addAll(List.of("flk.verifier.wal.dir=" + work.resolve("wal/" + group),
                    "flk.verifier.dedup.durable-url=", "flk.verifier.topic=" + t.verified()));
            case "dedup-service" -> out.addAll(List.of("flk.dedup.topics=" + t.verified(), "flk.dedup.consumer-group=" + g,
                    "flk.dedup.usage-topic=" + t.usage()));
            case "audit-service" -> out.addAll(List.of("flk.audit.topics=" + t.verified(), "flk.audit.consumer-group=" + g,
                    "flk.audit.checkpoint-topic=" + t.checkpoint(), "flk.audit.usage-topic=" + t.usage(), "flk.audit.siem.file="));
            case "hrs-service" -> out.addAll(List.of("flk.hrs.input-topic=" + t.verified(), "flk.hrs.consumer-group=" + g,
                    "flk.hrs.risk-topic=" + t.risk(), "flk.hrs.usage-topic=" + t.usage()));
            case "ensemble-service" -> out.addAll(List.of("flk.ensemble.verified-topic=" + t.verified(),
                    "flk.ensemble.risk-topic=" + t.risk(), "flk.ensemble.decision-topic=" + t.decision(),
                    "flk.ensemble.consumer-group=" + g));
            case "cost-service" -> out.addAll(List.of("flk.cost.topics=" + t.verified() + "," + t.usage(),
                    "flk.cost.consumer-group=" + g, "flk.cost.budget-topic=" + t.budget()));
            case "crr-shipper" -> out.addAll(List.of("flk.crr.topic=" + t.verified(), "flk.crr.consumer-group=" + g));
            default -> throw new IllegalArgumentException(mod);
        }
        if (!mod.equals("verifier-service")) {
            out.addAll(db);
        }
        return out;
    }

    /** The consumer group of one service in one phase (its own: services of a phase never share offsets). */
    private String group(String phase, String mod) {
        return "footprint-" + run + "-" + phase + "-" + mod;
    }

    private static final Map<String, List<String>> CONSUMES = Map.of(
            "dedup-service", List.of("verified"), "audit-service", List.of("verified"), "hrs-service", List.of("verified"),
            "ensemble-service", List.of("verified", "risk"), "cost-service", List.of("verified", "usage"),
            "crr-shipper", List.of("verified"));

    /**
     * The load each service gets before its RSS is read. verifier: {@code requests} fresh HMAC submissions, 16
     * closed-loop clients (WAL fsync, Redis dedup, Kafka publish). Every other service: the events the verifier of the
     * same phase published (and hrs' risk scores, the usage the others reported), consumed from the start of its own
     * topics by a new consumer group until its lag is 0, as it would in the running suite. Then, for all, 100
     * scrapes of {@code /q/metrics}.
     */
    private String loadOf(Started s, Topics t, String group) throws Exception {
        String what;
        if (s.module().equals("verifier-service")) {
            Workloads w = new Workloads(System.nanoTime());
            List<PreparedRequest> reqs = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                reqs.add(w.fresh());
            }
            LoadResult r = new LoadRunner(URI.create("http://127.0.0.1:" + s.port() + "/v1/pcs/submit")).run(reqs, 16, 0);
            what = String.format(Locale.ROOT, "%.0f req/s, p99 %.1f ms, %s", r.throughput(), r.percentileMillis(99), r.statuses());
        } else {
            List<String> topicNames = new ArrayList<>();
            for (String k : CONSUMES.get(s.module())) {
                topicNames.add(switch (k) {
                    case "verified" -> t.verified();
                    case "risk" -> t.risk();
                    default -> t.usage();
                });
            }
            long ms = drain(group(group, s.module()), topicNames, Duration.ofSeconds(120));
            what = ms < 0 ? "lag not 0 after 120 s" : "drained in " + ms + " ms";
            if (ms < 0) {
                notes.add(s.module() + " (" + group + "): its consumer lag was not 0 after 120 s; RSS read anyway");
            }
        }
        for (int i = 0; i < 100; i++) {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.management() + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        return what;
    }

    /** Waits until {@code group} has committed the end offset of every partition of {@code topics}; ms, or -1. */
    private static long drain(String group, List<String> topics, Duration timeout) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", KAFKA);
        long t0 = System.nanoTime();
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            for (var d : admin.describeTopics(topics).allTopicNames().get().values()) {
                d.partitions().forEach(pi -> latest.put(new TopicPartition(d.name(), pi.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, Long> end = new LinkedHashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
            while (System.nanoTime() - t0 < timeout.toNanos()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                boolean done = true;
                for (var e : end.entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    if (e.getValue() > 0 && (c == null || c.offset() < e.getValue())) {
                        done = false;
                        break;
                    }
                }
                if (done) {
                    return (System.nanoTime() - t0) / 1_000_000;
                }
                Thread.sleep(200);
            }
        }
        return -1;
    }

    private Topics topics(String phase) throws Exception {
        Topics t = Topics.of("fp-" + run + "-" + phase);
        ServiceProcess.createTopics(KAFKA, t.all().toArray(String[]::new));
        return t;
    }

    /** Says when a JVM reported that it could not use its AOT cache (it then starts without it). */
    private void aotWarnings(Started s) throws IOException {
        List<String> lines = Files.readAllLines(s.log(), StandardCharsets.UTF_8);
        int from = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("==== ")) {
                from = i;
            }
        }
        for (String l : lines.subList(from, lines.size())) {
            if (l.contains("Unable to use AOT cache") || l.contains("error has occurred while processing the AOT cache")) {
                notes.add(s.module() + " with its AOT cache: `" + l.trim() + "`");
                return;
            }
        }
    }

    // ---- the report -----------------------------------------------------------------------------------------------

    private void report(List<Mode> modes, Map<String, long[]> training, Map<String, Map<String, List<Long>>> ready,
                        Map<String, Map<String, List<Long>>> stopMs, Map<String, Map<String, long[]>> rss,
                        Map<String, String> verifierLoad, Instant started, String load0) throws Exception {
        md.append(HEADING).append("\n\n");
        md.append("Command: `dev/bench N --only-footprint` (or the full `dev/bench`), N = ").append(requests)
          .append(" verifier submissions per load phase. Measured ").append(started).append(" – ").append(Instant.now())
          .append(" on ").append(Runtime.getRuntime().availableProcessors()).append(" cores (")
          .append(cpu()).append(", ").append(memTotal()).append("); load average ").append(load0).append(" at the start, ")
          .append(loadAverage()).append(" at the end (other work shared the machine: compare the modes, which were "
                  + "interleaved, more than the absolute numbers).\n\n");
        md.append("Modes: ");
        for (Mode m : modes) {
            md.append("**").append(m.name()).append("** (`").append(m.java()).append("`, ")
              .append(runtimeVersion(m.java())).append(")").append(m == modes.get(modes.size() - 1) ? ".\n" : "; ");
        }
        if (modes.size() == 1) {
            md.append("\nNo JDK 25 was found on this machine (dev/lib.sh `find_jdk25`): only JDK 17 was measured.\n");
        }
        md.append("\nJVM flags: dev/lib.sh `service_java_opts` (what dev/up runs), `MALLOC_ARENA_MAX=")
          .append(bash("echo $MALLOC_ARENAS").trim()).append("`:\n\n");
        for (String mod : SERVICES) {
            md.append("- ").append(mod).append(": `").append(bash("service_java_opts " + mod + " 17").trim()).append('`');
            if (modes.size() > 1) {
                String extra = bash("service_java_opts " + mod + " " + modes.get(1).major()).trim()
                        .replace(bash("service_java_opts " + mod + " 17").trim(), "").trim();
                if (!extra.isEmpty()) {
                    md.append(", on JDK ").append(modes.get(1).major()).append(" also `").append(extra).append('`');
                }
            }
            md.append('\n');
        }
        md.append("\nEach service runs from a copy of its `quarkus-app/` with private topics, consumer groups and database "
                + "schema (the suite's %dev profile otherwise). The AOT cache of each service was recorded "
                + "(`-XX:AOTCacheOutput`, JEP 514) by one training run of that service with the JDK 25 flags under the "
                + "same load as below, written when it exited after SIGTERM, and used with `-XX:AOTCache`.\n\n");

        md.append(String.format(Locale.ROOT, "### Time to ready (ms, median of %d starts; min–max)%n%n", rounds));
        md.append("Process start until `/q/health/ready` on the management port answers 200 (polled every 20 ms), each "
                + "service started alone on an idle topic; round by round every mode in turn.\n\n");
        header(modes, "service", "");
        int readyMet = 0;
        int readyCells = 0;
        for (String mod : SERVICES) {
            md.append("| ").append(mod);
            for (Mode m : modes) {
                List<Long> v = new ArrayList<>(ready.get(mod).get(m.name()));
                v.sort(null);
                long med = v.get(v.size() / 2);
                md.append(String.format(Locale.ROOT, " | %,d (%,d–%,d)", med, v.get(0), v.get(v.size() - 1)));
                if (m == modes.get(modes.size() - 1)) {
                    readyCells++;
                    readyMet += med <= TARGET_READY_MS ? 1 : 0;
                }
            }
            md.append(" |\n");
        }
        medianRatios(modes, ready);

        md.append("\n### RSS (MiB): after ready + 3 s idle / after the load\n\n");
        md.append("VmRSS of /proc/<pid>/status. Load: verifier-service — ").append(requests).append(" fresh HMAC "
                + "submissions, 16 closed-loop clients, WAL fsync, Redis dedup, Kafka publish; every other service — "
                + "the events the verifier of the same mode published (hrs' risk scores for the ensemble, the usage "
                + "events of dedup/audit/hrs for cost), consumed from the start of its own topics until its consumer lag "
                + "was 0 (crr-shipper: the verified topic, no peer configured); then 100 scrapes of `/q/metrics` for "
                + "every service. Services started one after the other, one at a time.\n\n");
        header(modes, "service", "");
        int rssMet = 0;
        for (String mod : SERVICES) {
            md.append("| ").append(mod);
            for (Mode m : modes) {
                long[] v = rss.get(mod).get(m.name());
                md.append(String.format(Locale.ROOT, " | %.0f / **%.0f**", v[0] / 1024.0, v[1] / 1024.0));
                if (m == modes.get(modes.size() - 1)) {
                    rssMet += v[1] <= TARGET_RSS_KB ? 1 : 0;
                }
            }
            md.append(" |\n");
        }
        md.append("\nThe verifier under that load: ");
        verifierLoad.forEach((k, v) -> md.append(k).append(": ").append(v).append("; "));
        md.setLength(md.length() - 2);
        md.append(".\n");

        if (modes.size() > 1) {
            md.append("\n### What recording the AOT cache costs (the training run, once per build)\n\n");
            md.append("| service | time to ready while recording (ms) | exit after SIGTERM: recording run / normal, median (ms) | cache (MiB) |\n|---|---:|---:|---:|\n");
            for (String mod : SERVICES) {
                long[] tr = training.get(mod);
                List<Long> normal = new ArrayList<>(stopMs.get(mod).get(modes.get(1).name()));
                normal.sort(null);
                md.append(String.format(Locale.ROOT, "| %s | %,d | %,d / %,d | %.0f |%n", mod, tr[0], tr[1],
                        normal.get(normal.size() / 2), tr[2] / 1048576.0));
            }
        }
        md.append(String.format(Locale.ROOT, "%n### Against the targets of issue 26%n%n- time to ready ≤ 1.5 s: %d of %d "
                + "services in the last mode (%s) — %s%n- RSS ≤ 192 MiB under load: %d of %d services in that mode — %s%n",
                readyMet, readyCells, modes.get(modes.size() - 1).name(), readyMet == readyCells ? "met" : "not met",
                rssMet, SERVICES.size(), rssMet == SERVICES.size() ? "met" : "not met"));
        if (!notes.isEmpty()) {
            md.append("\nNotes of this run:\n\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        md.append('\n');
    }

    private void header(List<Mode> modes, String first, String unit) {
        md.append("| ").append(first);
        modes.forEach(m -> md.append(" | ").append(m.name()).append(unit));
        md.append(" |\n|---");
        modes.forEach(m -> md.append("|---:"));
        md.append("|\n");
    }

    private void medianRatios(List<Mode> modes, Map<String, Map<String, List<Long>>> ready) {
        if (modes.size() < 2) {
            return;
        }
        md.append("\nRatio of medians to ").append(modes.get(0).name()).append(", per service: ");
        for (int i = 1; i < modes.size(); i++) {
            List<String> parts = new ArrayList<>();
            for (String mod : SERVICES) {
                parts.add(String.format(Locale.ROOT, "%.2f", (double) median(ready.get(mod).get(modes.get(i).name()))
                        / median(ready.get(mod).get(modes.get(0).name()))));
            }
            md.append(modes.get(i).name()).append(" ").append(String.join(" / ", parts)).append(i < modes.size() - 1 ? "; " : "");
        }
        md.append(" (in the order of the table).\n");
    }

    private static long median(List<Long> v) {
        List<Long> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** Runs a function of dev/lib.sh (the single source of dev/up's JVM flags and JDK lookup). */
    private String bash(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", "source \"$0\" >/dev/null; " + script, root.resolve("dev/lib.sh").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("dev/lib.sh: `" + script + "` failed");
        }
        return out;
    }

    private static int javaMajor(String java) throws IOException, InterruptedException {
        String v = property(java, "java.specification.version");
        return Integer.parseInt(v);
    }

    private static String runtimeVersion(String java) throws IOException, InterruptedException {
        return property(java, "java.vm.name") + " " + property(java, "java.runtime.version");
    }

    private static String property(String java, String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(java, "-XshowSettings:properties", "-version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        for (String line : out.split("\n")) {
            if (line.trim().startsWith(name + " = ")) {
                return line.trim().substring(name.length() + 3);
            }
        }
        throw new IllegalStateException("no " + name + " from " + java);
    }

    private static String loadAverage() throws IOException {
        return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).trim().split(" "), 3));
    }

    private static String cpu() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.replaceAll(".*:\\s*", "")).orElse("unknown cpu");
    }

    private static String memTotal() throws IOException {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .findFirst().map(l -> l.replaceAll("MemTotal:\\s*", "")).orElse("unknown") + " memory";
    }
}
