package io.fractallba.e2e.faults;

import io.fractallba.e2e.ServiceProcess;
import io.fractallba.sdk.load.PreparedRequest;
import io.fractallba.e2e.load.TopicCounter;
import io.fractallba.sdk.load.Workloads;
import io.fractallba.sdk.cli.PcsCli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exactly-once effects under faults, modelled on Kafka's own exactly-once system test: N signed submissions (with
 * duplicates, bad signatures and client resubmissions) flow through the verifier, the dedup-service, the
 * audit-service and the cost-service while the run kills the verifier, then each consumer service, restarts the
 * Kafka broker, takes Redis away (losing its data) and cuts Postgres off. Clients resubmit on 503 and on broken
 * connections, as the SDK's outbox does. Afterwards every acknowledged submission must have exactly one event, one
 * dedup record, one audit leaf and its cost rows (its own and the audit-service's), nothing else may have any, and
 * the whole audit log must verify. The report lists each fault and every count.
 */
public final class FaultRun {

    private final Path root;
    private final int n;
    private final StringBuilder md = new StringBuilder();

    public FaultRun(Path root, int n) {
        this.root = root;
        this.n = n;
    }

    public record Result(boolean ok, String report) {
    }

    private record Fault(String what, Instant at, long millis) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Result r = new FaultRun(root, args.length > 1 ? Integer.parseInt(args[1]) : 10_000).run();
        System.out.println(r.report());
        System.exit(r.ok() ? 0 : 1);
    }

    public Result run() throws Exception {
        String run = Long.toHexString(System.nanoTime());
        Path tmp = Files.createTempDirectory("flk-fault-run");
        Path logs = root.resolve("e2e-tests/target/fault-run");
        Files.createDirectories(logs);
        String dedupSchema = "dedup_fault_" + run;
        String auditSchema = "audit_fault_" + run;
        String costSchema = "cost_fault_" + run;
        String hrsSchema = "hrs_fault_" + run;
        String ensembleSchema = "ensemble_fault_" + run;
        List<Fault> faults = new CopyOnWriteArrayList<>();
        Map<String, String> checks = new LinkedHashMap<>();
        boolean ok;
        int redisPort = ServiceProcess.freePort();
        int vPort = ServiceProcess.freePort();
        int dPort = ServiceProcess.freePort();
        int aPort = ServiceProcess.freePort();
        int cPort = ServiceProcess.freePort();
        int hPort = ServiceProcess.freePort();
        int ePort = ServiceProcess.freePort();
        Holder redis = new Holder();
        Holder verifier = new Holder();
        Holder dedup = new Holder();
        Holder audit = new Holder();
        Holder cost = new Holder();
        Holder hrs = new Holder();
        Holder ensemble = new Holder();
        try (PrivateKafka kafka = new PrivateKafka(tmp.resolve("kafka"), logs.resolve("kafka.log")).start();
             TcpProxy postgres = new TcpProxy(5432)) {
            ServiceProcess.createTopics(kafka.bootstrap(), "pcs.verified.v1", "pcs.verified.v1.dlq", "audit.checkpoint.v1",
                    "audit.checkpoint.v1.dlq", "cost.usage.v1", "cost.usage.v1.dlq", "cost.budget.v1", "pcs.risk.v1", "pcs.risk.v1.dlq", "pcs.decision.v1");
            String redisUrl = "redis://127.0.0.1:" + redisPort;
            String pg = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/flk?currentSchema=";
            redis.p = ServiceProcess.redis(redisPort, logs.resolve("redis.log")).start();
            String[] dedupProps = {"kafka.bootstrap.servers=" + kafka.bootstrap(), "quarkus.redis.hosts=" + redisUrl,
                    "quarkus.datasource.jdbc.url=" + pg + dedupSchema, "quarkus.flyway.schemas=" + dedupSchema,
                    "quarkus.flyway.default-schema=" + dedupSchema, "flk.dedup.cold-dir=" + tmp.resolve("cold"),
                    "flk.dedup.consumer-group=fault-dedup-" + run, SLOW_MACHINE_ACQUISITION};
            String[] auditProps = {"kafka.bootstrap.servers=" + kafka.bootstrap(),
                    "quarkus.datasource.jdbc.url=" + pg + auditSchema, "quarkus.flyway.schemas=" + auditSchema,
                    "quarkus.flyway.default-schema=" + auditSchema, "flk.audit.consumer-group=fault-audit-" + run,
                    "flk.audit.anchors.file-dir=" + tmp.resolve("anchors"), "flk.audit.siem.file=", SLOW_MACHINE_ACQUISITION};
            String[] costProps = {"kafka.bootstrap.servers=" + kafka.bootstrap(),
                    "quarkus.datasource.jdbc.url=" + pg + costSchema, "quarkus.flyway.schemas=" + costSchema,
                    "quarkus.flyway.default-schema=" + costSchema, "flk.cost.consumer-group=fault-cost-" + run,
                    SLOW_MACHINE_ACQUISITION};
            String[] hrsProps = {"kafka.bootstrap.servers=" + kafka.bootstrap(),
                    "quarkus.datasource.jdbc.url=" + pg + hrsSchema, "quarkus.flyway.schemas=" + hrsSchema,
                    "quarkus.flyway.default-schema=" + hrsSchema, "flk.hrs.consumer-group=fault-hrs-" + run,
                    "flk.hrs.training-interval=0s", SLOW_MACHINE_ACQUISITION};
            String[] ensembleProps = {"kafka.bootstrap.servers=" + kafka.bootstrap(),
                    "quarkus.datasource.jdbc.url=" + pg + ensembleSchema, "quarkus.flyway.schemas=" + ensembleSchema,
                    "quarkus.flyway.default-schema=" + ensembleSchema, "flk.ensemble.consumer-group=fault-ensemble-" + run,
                    "flk.ensemble.scorer-group=fault-hrs-" + run,   // joins follow this run's scorer
                    SLOW_MACHINE_ACQUISITION};
            String[] verifierProps = {"kafka.bootstrap.servers=" + kafka.bootstrap(), "quarkus.redis.hosts=" + redisUrl,
                    "quarkus.redis.timeout=1s", "flk.verifier.dedup.durable-url=http://127.0.0.1:" + dPort,
                    "flk.verifier.dedup.durable-timeout=PT1S"};
            // One at a time: four JVMs starting together on two cores starve each other's first connections.
            dedup.p = ServiceProcess.service("dedup-service", dPort, logs.resolve("dedup.log"), dedupProps).start();
            dedup.p.awaitReady(dPort, STARTUP);
            audit.p = ServiceProcess.service("audit-service", aPort, logs.resolve("audit.log"), auditProps).start();
            audit.p.awaitReady(aPort, STARTUP);
            cost.p = ServiceProcess.service("cost-service", cPort, logs.resolve("cost.log"), costProps).start();
            cost.p.awaitReady(cPort, STARTUP);
            hrs.p = ServiceProcess.service("hrs-service", hPort, logs.resolve("hrs.log"), hrsProps).start();
            hrs.p.awaitReady(hPort, STARTUP);
            ensemble.p = ServiceProcess.service("ensemble-service", ePort, logs.resolve("ensemble.log"), ensembleProps).start();
            ensemble.p.awaitReady(ePort, STARTUP);
            verifier.p = ServiceProcess.verifier(vPort, tmp.resolve("wal"), logs.resolve("verifier.log"), verifierProps).start();
            verifier.p.awaitReady(vPort, STARTUP);

            List<PreparedRequest> requests = new Workloads(System.nanoTime()).mixed(n);
            Map<Integer, String> outcome = new ConcurrentHashMap<>();
            AtomicInteger done = new AtomicInteger();
            AtomicInteger retries = new AtomicInteger();
            URI submit = URI.create("http://127.0.0.1:" + vPort + "/v1/pcs/submit");
            long t0 = System.nanoTime();
            try (TopicCounter events = new TopicCounter(kafka.bootstrap(), "pcs.verified.v1")) {
                ExecutorService clients = Executors.newFixedThreadPool(8);
                AtomicInteger next = new AtomicInteger();
                for (int c = 0; c < 8; c++) {
                    clients.execute(() -> {
                        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                        int i;
                        while ((i = next.getAndIncrement()) < requests.size()) {
                            outcome.put(i, submitUntilAnswered(http, submit, requests.get(i), retries));
                            done.incrementAndGet();
                        }
                    });
                }
                // The fault schedule, at fractions of the workload (flk.fault-run.faults picks a subset by number).
                awaitProgress(done, n / 10);
                if (enabled(1)) faults.add(timed("kill -9 verifier-service, restart on its WAL", () -> {
                    verifier.p.kill9();
                    verifier.p = ServiceProcess.verifier(vPort, tmp.resolve("wal"), logs.resolve("verifier.log"),
                            verifierProps).start();
                    verifier.p.awaitReady(vPort, STARTUP);
                }));
                awaitProgress(done, n / 4);
                if (enabled(2)) faults.add(timed("kill -9 audit-service (consumer), restart", () -> {
                    audit.p.kill9();
                    audit.p = ServiceProcess.service("audit-service", aPort, logs.resolve("audit.log"), auditProps).start();
                    audit.p.awaitReady(aPort, STARTUP);
                }));
                awaitProgress(done, n * 2 / 5);
                if (enabled(3)) faults.add(timed("kill -9 dedup-service (consumer, durable tiers), restart", () -> {
                    dedup.p.kill9();
                    dedup.p = ServiceProcess.service("dedup-service", dPort, logs.resolve("dedup.log"), dedupProps).start();
                    dedup.p.awaitReady(dPort, STARTUP);
                }));
                awaitProgress(done, n * 9 / 20);
                if (enabled(7)) faults.add(timed("kill -9 cost-service (consumer), restart", () -> {
                    cost.p.kill9();
                    cost.p = ServiceProcess.service("cost-service", cPort, logs.resolve("cost.log"), costProps).start();
                    cost.p.awaitReady(cPort, STARTUP);
                }));
                awaitProgress(done, n / 2);
                if (enabled(8)) faults.add(timed("kill -9 hrs-service (consumer), restart", () -> {
                    hrs.p.kill9();
                    hrs.p = ServiceProcess.service("hrs-service", hPort, logs.resolve("hrs.log"), hrsProps).start();
                    hrs.p.awaitReady(hPort, STARTUP);
                }));
                awaitProgress(done, n * 21 / 40);
                if (enabled(9)) faults.add(timed("kill -9 ensemble-service (consumer, join buffer), restart", () -> {
                    ensemble.p.kill9();
                    ensemble.p = ServiceProcess.service("ensemble-service", ePort, logs.resolve("ensemble.log"),
                            ensembleProps).start();
                    ensemble.p.awaitReady(ePort, STARTUP);
                }));
                awaitProgress(done, n * 11 / 20);
                if (enabled(4)) faults.add(timed("Kafka broker killed, down 3 s, restarted", () -> {
                    kafka.kill();
                    Thread.sleep(3000);
                    kafka.start();
                }));
                awaitProgress(done, n * 7 / 10);
                if (enabled(5)) faults.add(timed("Redis killed (hot tier data lost), down 3 s, restarted empty", () -> {
                    redis.p.kill9();
                    Thread.sleep(3000);
                    redis.p = ServiceProcess.redis(redisPort, logs.resolve("redis.log")).start();
                }));
                awaitProgress(done, n * 17 / 20);
                if (enabled(6)) faults.add(timed("Postgres cut off for 5 s (all connections dropped)", () -> {
                    postgres.cut();
                    Thread.sleep(5000);
                    postgres.restore();
                }));
                clients.shutdown();
                if (!clients.awaitTermination(15, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("clients did not finish");
                }
                double seconds = (System.nanoTime() - t0) / 1e9;

                Set<String> acknowledged = new HashSet<>();
                Set<String> rejected = new HashSet<>();
                int gaveUp = 0;
                Map<String, Integer> statusCounts = new java.util.TreeMap<>();
                for (int i = 0; i < requests.size(); i++) {
                    String o = outcome.get(i);
                    statusCounts.merge(o, 1, Integer::sum);
                    String key = requests.get(i).eventKey();
                    if (o.equals("200") || o.equals("202")) {
                        acknowledged.add(key);
                    } else if (o.startsWith("gave-up")) {
                        gaveUp++;
                    } else if (key != null) {
                        rejected.add(key);
                    }
                }
                rejected.removeAll(acknowledged);

                Map<String, Integer> perKey = events.collect(acknowledged.size(), Duration.ofSeconds(60), Duration.ofSeconds(3));
                String outbox = get(ServiceProcess.metricsUrl(vPort)).lines()
                        .filter(l -> l.startsWith("flk_verifier_outbox_backlog") || l.startsWith("flk_verifier_published_events")
                                || l.startsWith("flk_verifier_publish_failures"))
                        .map(l -> l.replace("flk_verifier_", "")).reduce((x, y) -> x + ", " + y).orElse("");
                long exactlyOnce = acknowledged.stream().filter(k -> perKey.getOrDefault(k, 0) == 1).count();
                long missing = acknowledged.stream().filter(k -> !perKey.containsKey(k)).count();
                long doubled = perKey.values().stream().filter(v -> v > 1).count();
                long unexplained = perKey.keySet().stream().filter(k -> !acknowledged.contains(k)).count();
                Set<String> dedupKeys = awaitKeys(dedupSchema, "records", acknowledged.size());
                Set<String> auditKeys = awaitKeys(auditSchema, "leaves WHERE pcs_id NOT LIKE 'disagreement:%'", acknowledged.size());
                long dedupRows = count(dedupSchema, "records");
                long auditRows = count(auditSchema, "leaves WHERE pcs_id NOT LIKE 'disagreement:%'");
                // Cost: one "submissions" row per acknowledged submission (from its event), and one audit_leaf_bytes
                // row per audit leaf (the audit-service's cost.usage.v1, keyed by the event it appended).
                Set<String> costKeys = awaitKeys(costSchema, "usage WHERE resource = 'submissions'", acknowledged.size());
                Set<String> leafUsageKeys = awaitKeys(costSchema, "usage WHERE resource = 'audit_leaf_bytes' AND pcs_id NOT LIKE 'disagreement:%'",
                        acknowledged.size());
                long costRows = count(costSchema, "usage WHERE resource = 'submissions'");
                long leafUsageRows = count(costSchema, "usage WHERE resource = 'audit_leaf_bytes' AND pcs_id NOT LIKE 'disagreement:%'");
                // Anchoring: each anchored checkpoint is one operation whose tenant shares sum to 1.
                long anchored = count(auditSchema, "anchor_receipts WHERE status = 'anchored' AND tree_size > 0");
                long anchorOps = awaitSum(costSchema, "SELECT round(coalesce(sum(quantity), 0)) FROM usage WHERE resource = 'anchor_ops'",
                        () -> count(auditSchema, "anchor_receipts WHERE status = 'anchored' AND tree_size > 0"));
                anchored = count(auditSchema, "anchor_receipts WHERE status = 'anchored' AND tree_size > 0");
                // HRS: one stored risk score (and its pcs.risk.v1 event, published before the offsets) per submission.
                Set<String> scoreKeys = awaitKeys(hrsSchema, "scores", acknowledged.size());
                long scoreRows = count(hrsSchema, "scores");
                // Ensemble: one stored decision per submission, each confirmed on pcs.decision.v1.
                Set<String> decisionKeys = awaitKeys(ensembleSchema, "decisions WHERE published", acknowledged.size());
                long decisionRows = count(ensembleSchema, "decisions");
                // Disagreements (split votes, or not the verifier's decision) become audit entries of their own.
                long disagreements = count(ensembleSchema, "decisions WHERE event->'payload' ? 'disagreement'");
                long disagreementLeaves = awaitSum(auditSchema, "SELECT count(*) FROM leaves WHERE pcs_id LIKE 'disagreement:%'",
                        () -> disagreements);
                awaitCheckpoint(aPort, acknowledged.size());
                ByteArrayOutputStream cliOut = new ByteArrayOutputStream();
                String vkey = get("http://127.0.0.1:" + aPort + "/v1/audit/key");
                int auditExit;
                PrintStream orig = System.out;
                try {
                    System.setOut(new PrintStream(cliOut, true, StandardCharsets.UTF_8));
                    auditExit = PcsCli.commandLine().execute("audit", "log", "--url", "http://127.0.0.1:" + aPort, "--key", vkey,
                            "--token", io.fractallba.e2e.DevIssuer.get().token(io.fractallba.pcs.token.Roles.OPERATOR,
                                    io.fractallba.pcs.token.Roles.ALL_TENANTS));
                } finally {
                    System.setOut(orig);
                }

                checks.put("requests sent (with client resubmissions on 503 / broken connections)",
                        String.format(Locale.ROOT, "%,d in %.0f s, %,d resubmissions, final statuses %s", n, seconds,
                                retries.get(), statusCounts));
                checks.put("gave up after retries", String.valueOf(gaveUp));
                checks.put("distinct acknowledged submissions", String.valueOf(acknowledged.size()));
                checks.put("… with exactly one pcs.verified.v1 event", exactlyOnce + " (missing " + missing + ", duplicated "
                        + doubled + ")");
                checks.put("events the client cannot explain (not acknowledged)", String.valueOf(unexplained));
                checks.put("verifier outbox at the end (restarted process)", outbox);
                checks.put("dedup records (acknowledged present / rows)", dedupKeys.containsAll(acknowledged) + " / " + dedupRows);
                checks.put("audit leaves (acknowledged present / rows)", auditKeys.containsAll(acknowledged) + " / " + auditRows);
                checks.put("cost: submissions usage rows (acknowledged present / rows)",
                        costKeys.containsAll(acknowledged) + " / " + costRows);
                checks.put("cost: audit-leaf usage rows from the audit-service (acknowledged present / rows)",
                        leafUsageKeys.containsAll(acknowledged) + " / " + leafUsageRows);
                checks.put("cost: anchoring operations attributed / anchored (receipts)", anchorOps + " / " + anchored);
                checks.put("hrs: risk scores (acknowledged present / rows)", scoreKeys.containsAll(acknowledged) + " / " + scoreRows);
                checks.put("ensemble: decisions published (acknowledged present / rows)",
                        decisionKeys.containsAll(acknowledged) + " / " + decisionRows);
                checks.put("ensemble disagreements / their audit entries", disagreements + " / " + disagreementLeaves);
                // Every metric the alert rules query must be exported by one of the running services (a budget is
                // set first so the per-tenant budget gauge exists).
                costAdmin("PUT", cPort, "/v1/cost/budgets/default", "{\"soft_usd\":1000,\"hard_usd\":2000}");
                costAdmin("POST", cPort, "/v1/cost/budgets/check", "");
                List<String> scrapes = new ArrayList<>();
                for (int port : new int[] {vPort, dPort, aPort, cPort, hPort, ePort}) {
                    scrapes.add(get(ServiceProcess.metricsUrl(port)));
                }
                Path rules = root.resolve("deploy/monitoring/prometheus-rules.yaml");
                Set<String> unexported = AlertMetrics.missing(rules, scrapes, n -> !n.startsWith(AlertMetrics.CRR_PREFIX));
                checks.put("metrics queried by the alert rules, exported by the running services (the crr-shipper's: "
                        + "by the two-region run)", unexported.isEmpty() ? "all " + AlertMetrics.queried(rules).stream()
                        .filter(n -> !n.startsWith(AlertMetrics.CRR_PREFIX)).count() + " present" : "MISSING " + unexported);
                checks.put("`pcs audit log` (every leaf, root and consistency proof)", "exit " + auditExit + ": "
                        + cliOut.toString(StandardCharsets.UTF_8).lines().findFirst().orElse(""));
                ok = gaveUp == 0 && exactlyOnce == acknowledged.size() && doubled == 0 && unexplained == 0
                        && dedupKeys.containsAll(acknowledged) && dedupRows == acknowledged.size()
                        && auditKeys.containsAll(acknowledged) && auditRows == acknowledged.size() && auditExit == 0
                        && costKeys.containsAll(acknowledged) && costRows == acknowledged.size()
                        && leafUsageKeys.containsAll(acknowledged) && leafUsageRows == acknowledged.size()
                        && scoreKeys.containsAll(acknowledged) && scoreRows == acknowledged.size()
                        && anchorOps == anchored
                        && decisionKeys.containsAll(acknowledged) && decisionRows == acknowledged.size()
                        && disagreementLeaves == disagreements
                        && unexported.isEmpty();
                if (!ok) {
                    threadDumps(logs, Map.of("verifier", verifier, "dedup", dedup, "audit", audit, "cost", cost, "hrs", hrs, "ensemble", ensemble));
                }
            }
        } finally {
            for (Holder h : List.of(verifier, audit, dedup, cost, hrs, ensemble, redis)) {
                if (h.p != null) {
                    h.p.close();
                }
            }
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/flk", "postgres", null);
                 Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + dedupSchema + " CASCADE");
                s.execute("DROP SCHEMA IF EXISTS " + auditSchema + " CASCADE");
                s.execute("DROP SCHEMA IF EXISTS " + costSchema + " CASCADE");
                s.execute("DROP SCHEMA IF EXISTS " + hrsSchema + " CASCADE");
                s.execute("DROP SCHEMA IF EXISTS " + ensembleSchema + " CASCADE");
            }
        }
        md.append("## Exactly-once under faults\n\n");
        md.append(String.format(Locale.ROOT, "`FaultRun` with N = %,d (verifier, dedup-service, audit-service, cost-service, hrs-service and ensemble-service as "
                + "separate processes on a private Kafka broker and Redis; Postgres behind a cuttable proxy). Result: "
                + "**%s**.%n%n| fault injected | at | took |%n|---|---|---:|%n", n, ok ? "passed" : "FAILED"));
        for (Fault f : faults) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.1f s |%n", f.what(), f.at(), f.millis() / 1000.0));
        }
        md.append("\n| check | result |\n|---|---|\n");
        checks.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append('\n');
        return new Result(ok, md.toString());
    }

    /**
     * A call to the cost-service with the %dev profile's demo admin key. Retried on 503 as a client would: right after
     * the Postgres cut the pool may still hand out a connection the cut closed, which fails once and is discarded.
     */
    private static void costAdmin(String method, int port, String path, String body) throws Exception {
        HttpResponse<String> r = null;
        for (int attempt = 0; attempt < 30 && (r == null || r.statusCode() == 503); attempt++) {
            if (r != null) {
                Thread.sleep(1000);
            }
            r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + path)).header("Authorization", io.fractallba.e2e.DevIssuer.get().operatorBearer())
                    .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** A JVM restarted while the others are under load took 119 s to be ready on the 2-core test machine. */
    private static final Duration STARTUP = Duration.ofSeconds(300);

    /** Connection acquisition while the machine is saturated (default 5 s; the Postgres cut is 5 s too). */
    private static final String SLOW_MACHINE_ACQUISITION = "quarkus.datasource.jdbc.acquisition-timeout=PT30S";

    private static boolean enabled(int fault) {
        String only = System.getProperty("flk.fault-run.faults", "1,2,3,7,8,9,4,5,6");
        return java.util.Arrays.asList(only.split(",")).contains(Integer.toString(fault));
    }

    /** Thread dumps of the services into the run's log folder, to diagnose a failed run. */
    private static void threadDumps(Path logs, Map<String, Holder> services) {
        services.forEach((name, h) -> {
            if (h.p == null) {
                return;
            }
            try {
                Process p = new ProcessBuilder("jcmd", Long.toString(h.p.pid()), "Thread.print").redirectErrorStream(true)
                        .redirectOutput(logs.resolve(name + "-threads.txt").toFile()).start();
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // diagnosis only
            }
        });
    }

    private static final class Holder {
        volatile ServiceProcess p;
    }

    private interface Step {
        void run() throws Exception;
    }

    private static Fault timed(String what, Step step) throws Exception {
        Instant at = Instant.now();
        long t = System.nanoTime();
        step.run();
        return new Fault(what, at, (System.nanoTime() - t) / 1_000_000);
    }

    private static void awaitProgress(AtomicInteger done, int target) throws InterruptedException {
        while (done.get() < target) {
            Thread.sleep(20);
        }
    }

    /** Sends until the verifier answers for good: 200/202 acknowledged, another 4xx rejected; 503 and I/O retried. */
    /** Submits until the verifier answers something other than 429/5xx or a broken connection; the final status. */
    public static String submitUntilAnswered(HttpClient http, URI uri, PreparedRequest r, AtomicInteger retries) {
        for (int attempt = 0; attempt < 600; attempt++) {
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(r.body()));
                if (r.tenant() != null) {
                    b.header("X-Tenant-Id", r.tenant());
                }
                HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() != 503 && resp.statusCode() != 429 && resp.statusCode() < 500) {
                    return Integer.toString(resp.statusCode());
                }
            } catch (IOException e) {
                // the verifier is down or restarting: resubmit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "gave-up (interrupted)";
            }
            retries.incrementAndGet();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "gave-up (interrupted)";
            }
        }
        return "gave-up";
    }

    /**
     * Waits for {@code expected} rows, giving up after 240 s, or after 60 s without progress (longer than a consumer
     * group's session timeout, which a restarted consumer may have to wait out).
     */
    private static Set<String> awaitKeys(String schema, String table, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        Set<String> keys = new HashSet<>();
        int lastSize = -1;
        long lastProgress = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - lastProgress < Duration.ofSeconds(60).toNanos()) {
            keys.clear();
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/flk?currentSchema=" + schema,
                    "postgres", null); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT tenant || '/' || pcs_id FROM " + table)) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
            if (keys.size() >= expected) {
                return keys;
            }
            if (keys.size() != lastSize) {
                lastSize = keys.size();
                lastProgress = System.nanoTime();
            }
            Thread.sleep(500);
        }
        return keys;
    }

    /** Waits (up to 60 s) until the query's value reaches what {@code target} says, and returns it. */
    private static long awaitSum(String schema, String query, java.util.concurrent.Callable<Long> target) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long value = -1;
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/flk?currentSchema=" + schema,
                    "postgres", null); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
                rs.next();
                value = rs.getLong(1);
            }
            if (value >= target.call()) {
                return value;
            }
            Thread.sleep(500);
        }
        return value;
    }

    private static long count(String schema, String table) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/flk?currentSchema=" + schema,
                "postgres", null); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void awaitCheckpoint(int port, long size) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String note = get("http://127.0.0.1:" + port + "/v1/audit/checkpoint");
            String[] lines = note.split("\n");
            if (lines.length > 1 && lines[1].matches("\\d+") && Long.parseLong(lines[1]) >= size) {
                return;
            }
            Thread.sleep(300);
        }
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString()).body().trim();
    }
}
