package io.fractallba.e2e.crr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.e2e.ServiceProcess;
import io.fractallba.e2e.faults.AlertMetrics;
import io.fractallba.e2e.faults.FaultRun;
import io.fractallba.sdk.load.PreparedRequest;
import io.fractallba.sdk.load.Workloads;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two regions on one machine, each a full stack with its own broker, Redis and schemas, replicating both ways
 * (docs/crr.md). Submissions go to both regions concurrently, some of the same PCS to both; with faults on, region
 * eu's shipper is killed with SIGKILL and restarted mid-stream and the link between the regions is cut for a while
 * and restored; then a record is deleted from region us's store and must be found and repaired by the divergence
 * detector. Checks at the end: both regions hold the same records with the same outcomes (equal digests, every
 * acknowledged key present), and each region's audit leaf and cost row happened exactly once per record.
 * Usage: TwoRegionRun [projectRoot] [submissions per region] [faults: true|false]
 */
public final class TwoRegionRun {

    /** The outcome: {@code problems} empty when every check held. */
    public record Result(List<String> problems, String report) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONVERGE = Duration.ofSeconds(240);
    private static final int FAULT_RUN_SECONDS = 60;

    private final Path root;
    private final int perRegion;
    private final boolean faults;
    private final List<String> problems = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TwoRegionRun(Path root, int perRegion, boolean faults) {
        this.root = root;
        this.perRegion = perRegion;
        this.faults = faults;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Result r = new TwoRegionRun(root, args.length > 1 ? Integer.parseInt(args[1]) : 2000,
                args.length <= 2 || Boolean.parseBoolean(args[2])).run();
        System.out.println(r.report());
        System.exit(r.ok() ? 0 : 1);
    }

    public Result run() throws Exception {
        Path tmp = Files.createTempDirectory("flk-crr");
        Path logs = Files.createDirectories(root.resolve("e2e-tests/target/crr-logs"));
        String run = Long.toHexString(System.nanoTime());
        Instant from = Instant.now().minusSeconds(60);
        try (Region eu = new Region("eu", tmp.resolve("eu"), logs, run);
             Region us = new Region("us", tmp.resolve("us"), logs, run)) {
            eu.startInfrastructure();
            us.startInfrastructure();
            eu.startServices(us);
            us.startServices(eu);

            Workloads w = new Workloads(System.nanoTime());
            int shared = Math.max(10, perRegion / 10);
            List<PreparedRequest> both = generate(w, shared);
            List<PreparedRequest> euDocs = new ArrayList<>(generate(w, perRegion - shared));
            List<PreparedRequest> usDocs = new ArrayList<>(generate(w, perRegion - shared));
            euDocs.addAll(both);
            usDocs.addAll(both);
            java.util.Collections.shuffle(euDocs);
            java.util.Collections.shuffle(usDocs);
            Set<String> sharedKeys = keys(both);
            Map<String, Long> euAcks = new ConcurrentHashMap<>();
            Map<String, Long> usAcks = new ConcurrentHashMap<>();
            double maxRpoDuringCut;
            long t0 = System.nanoTime();
            try (ArrivalClock euCopies = new ArrivalClock(eu.kafka.bootstrap(), "pcs.verified.v1");
                 ArrivalClock usCopies = new ArrivalClock(us.kafka.bootstrap(), "pcs.verified.v1")) {
                AtomicInteger euDone = new AtomicInteger();
                ExecutorService clients = Executors.newFixedThreadPool(8);
                submit(clients, eu, euDocs, euAcks, euDone);
                submit(clients, us, usDocs, usAcks, new AtomicInteger());
                clients.shutdown();
                maxRpoDuringCut = faults ? injectFaults(eu, us, euDone) : 0;
                if (!clients.awaitTermination(30, TimeUnit.MINUTES)) {
                    problems.add("clients did not finish within 30 minutes");
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                events.add(String.format(Locale.ROOT, "submitted %d + %d (of which %d the same PCS to both regions) in "
                        + "%.1f s", euDocs.size(), usDocs.size(), shared, seconds));

                awaitShipped(eu);
                awaitShipped(us);
                Lag euToUs = lag(euAcks, usCopies, sharedKeys);
                Lag usToEu = lag(usAcks, euCopies, sharedKeys);
                Set<String> union = new HashSet<>(euAcks.keySet());
                union.addAll(usAcks.keySet());
                Set<String> submitted = new HashSet<>(keys(euDocs));
                submitted.addAll(keys(usDocs));
                if (!union.equals(submitted)) {
                    problems.add((submitted.size() - union.size()) + " submissions were never acknowledged");
                }
                Instant to = Instant.now().plusSeconds(60);
                awaitSameRecords(eu, us, union, from, to);

                repairDeletedRecord(eu, us, euAcks.keySet(), sharedKeys, union, from, to);
                for (Region r : List.of(eu, us)) {
                    checkEffectsOnce(r, union);
                }
                checkAlertMetrics(eu, us);
                return new Result(List.copyOf(problems), report(euToUs, usToEu, maxRpoDuringCut, union.size(), eu, us));
            }
        }
    }

    private static List<PreparedRequest> generate(Workloads w, int n) {
        List<PreparedRequest> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i % 4 == 3 ? w.freshEd25519() : w.fresh());
        }
        return out;
    }

    private static Set<String> keys(List<PreparedRequest> docs) {
        Set<String> out = new HashSet<>();
        docs.forEach(d -> out.add(d.eventKey()));
        return out;
    }

    /**
     * Four clients per region. With faults the submissions are paced over {@link #FAULT_RUN_SECONDS}, so that the
     * shipper crash and the link cut happen while records keep arriving; without, the clients go as fast as they can.
     */
    private void submit(ExecutorService pool, Region r, List<PreparedRequest> docs, Map<String, Long> acks,
                        AtomicInteger done) {
        URI submit = URI.create(r.url(r.verifierPort) + "/v1/pcs/submit");
        AtomicInteger next = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        long start = System.nanoTime();
        double nanosPerDoc = faults ? FAULT_RUN_SECONDS * 1e9 / docs.size() : 0;
        for (int c = 0; c < 4; c++) {
            pool.execute(() -> {
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                int i;
                while ((i = next.getAndIncrement()) < docs.size()) {
                    long due = start + (long) (i * nanosPerDoc);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    String status = FaultRun.submitUntilAnswered(client, submit, docs.get(i), retries);
                    if (status.equals("200") || status.equals("202")) {
                        acks.put(docs.get(i).eventKey(), System.nanoTime());
                    }
                    done.incrementAndGet();
                }
            });
        }
    }

    /** Region eu's shipper killed and restarted at a quarter; the link cut both ways for 6 s at half. */
    private double injectFaults(Region eu, Region us, AtomicInteger euDone) throws Exception {
        await(() -> euDone.get() >= perRegion / 4);
        long t = System.nanoTime();
        int at = euDone.get();
        eu.crashShipper();
        events.add(String.format(Locale.ROOT, "kill -9 of region eu's crr-shipper at %d submissions, restarted on its "
                + "watermark in %.1f s (%d submissions later)", at, (System.nanoTime() - t) / 1e9, euDone.get() - at));
        await(() -> euDone.get() >= perRegion / 2);
        eu.link.cut();
        us.link.cut();
        double maxRpo = 0;
        for (int i = 0; i < 12; i++) {
            Thread.sleep(500);
            maxRpo = Math.max(maxRpo, metric(eu.shipperPort, "flk_crr_rpo_seconds\\{peer=\"us\"\\}"));
        }
        eu.link.restore();
        us.link.restore();
        events.add(String.format(Locale.ROOT, "link between the regions cut both ways for 6 s at %d submissions: eu's "
                + "RPO towards us grew to %.1f s, then drained", euDone.get(), maxRpo));
        if (maxRpo < 3) {
            problems.add("RPO did not grow while the link was cut (max " + maxRpo + " s)");
        }
        return maxRpo;
    }

    private void awaitShipped(Region r) throws Exception {
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        JsonNode s = null;
        while (System.nanoTime() < deadline) {
            s = JSON.readTree(get(r.url(r.shipperPort) + "/v1/crr/status"));
            long last = s.path("last_local_seq").asLong();
            boolean caughtUp = s.path("peers").size() > 0;
            for (JsonNode p : s.path("peers")) {
                caughtUp &= p.has("rpo_seconds") && p.path("watermark").asLong() >= last
                        && p.path("rpo_seconds").asDouble() == 0;
            }
            if (caughtUp) {
                return;
            }
            Thread.sleep(500);
        }
        problems.add("region " + r.name + "'s shipper did not catch up: " + s);
    }

    /** Waits until both regions' dedup-services hold the same records: per-tenant digests equal, union count. */
    private void awaitSameRecords(Region eu, Region us, Set<String> union, Instant from, Instant to) throws Exception {
        String q = "/v1/digests?from=" + from + "&to=" + to;
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        JsonNode a = null;
        JsonNode b = null;
        while (System.nanoTime() < deadline) {
            a = JSON.readTree(get(eu.url(eu.dedupPort) + q)).path("tenants");
            b = JSON.readTree(get(us.url(us.dedupPort) + q)).path("tenants");
            long count = 0;
            for (JsonNode t : a) {
                count += t.path("count").asLong();
            }
            if (a.equals(b) && count == union.size()) {
                events.add("both regions' dedup stores digest alike: " + a);
                return;
            }
            Thread.sleep(500);
        }
        problems.add("the regions' records differ: eu " + a + " vs us " + b + " (union " + union.size() + ")");
    }

    private void repairDeletedRecord(Region eu, Region us, Set<String> euKeys, Set<String> shared, Set<String> union,
                                     Instant from, Instant to) throws Exception {
        String key = euKeys.stream().filter(k -> !shared.contains(k)).sorted().findFirst().orElseThrow();
        String tenant = key.substring(0, key.indexOf('/'));
        String id = key.substring(key.indexOf('/') + 1);
        try (Connection c = us.db(us.dedupSchema); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM records WHERE tenant = ? AND pcs_id = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, id);
            if (ps.executeUpdate() != 1) {
                problems.add("the record to delete was not in region us's store: " + key);
            }
        }
        Process del = new ProcessBuilder("redis-cli", "-p", Integer.toString(us.redisPort), "DEL",
                "flk:dedup:" + tenant.length() + ":" + tenant + ":" + id).redirectErrorStream(true).start();
        String deleted = new String(del.getInputStream().readAllBytes()).trim();
        del.waitFor();
        JsonNode runResult = JSON.readTree(post(eu.url(eu.shipperPort) + "/v1/crr/divergence/run?from=" + from
                + "&to=" + to));
        boolean found = false;
        boolean repaired = false;
        for (JsonNode d : runResult.path("divergences")) {
            found |= contains(d.path("missing_there"), id);
            repaired |= contains(d.path("repaired"), id);
        }
        events.add("record " + key + " deleted from region us's dedup store and Redis (DEL answered " + deleted
                + "); region eu's divergence run found it " + (found ? "missing there" : "NOT") + " and "
                + (repaired ? "repaired it" : "did NOT repair it") + ": " + runResult.path("divergences"));
        if (!found || !repaired) {
            problems.add("the divergence detector did not find and repair " + key + ": " + runResult);
        }
        awaitSameRecords(eu, us, union, from, to);
        JsonNode again = JSON.readTree(post(eu.url(eu.shipperPort) + "/v1/crr/divergence/run?from=" + from + "&to=" + to));
        if (!again.path("divergences").isEmpty()) {
            problems.add("a second divergence run still found differences: " + again);
        }
        splitBrain(eu, us, euKeys, shared, key, from, to);
        // Both runs cross-checked the two audit logs; the second one also proved each log an append-only extension
        // of what the first one verified.
        JsonNode audit = again.path("audit").path("us");
        events.add("audit logs cross-checked by region eu's shipper: eu " + audit.at("/here/tree_size") + " entries, us "
                + audit.at("/there/tree_size") + ", both signed checkpoints verified and consistent with the previous "
                + "run: " + (audit.at("/here/verified").asBoolean() && audit.at("/there/verified").asBoolean())
                + ", same entries per tenant: " + audit.path("entries_equal").asBoolean());
        if (!audit.at("/here/verified").asBoolean() || !audit.at("/there/verified").asBoolean()
                || !audit.path("entries_equal").asBoolean()) {
            problems.add("the audit cross-check failed: " + audit);
        }
    }

    /**
     * Split brain: one record's outcome is changed in region us's store; the detector must report the conflict and
     * leave both records as they are (no automatic repair of a conflict). The record is put back afterwards.
     */
    private void splitBrain(Region eu, Region us, Set<String> euKeys, Set<String> shared, String repairedKey,
                            Instant from, Instant to) throws Exception {
        String key = euKeys.stream().filter(k -> !shared.contains(k) && !k.equals(repairedKey)).sorted().findFirst()
                .orElseThrow();
        String tenant = key.substring(0, key.indexOf('/'));
        String id = key.substring(key.indexOf('/') + 1);
        try (Connection c = us.db(us.dedupSchema)) {
            StoredRecord before = stored(c, tenant, id);
            update(c, tenant, id, 202, "{\"status\":\"escalated\",\"decided\":\"differently\"}".getBytes());
            JsonNode run = JSON.readTree(post(eu.url(eu.shipperPort) + "/v1/crr/divergence/run?from=" + from + "&to=" + to));
            boolean reported = false;
            boolean touched = false;
            for (JsonNode d : run.path("divergences")) {
                for (JsonNode conflict : d.path("conflicts")) {
                    reported |= id.equals(conflict.path("pcs_id").asText()) && conflict.path("status_there").asInt() == 202;
                }
                touched |= contains(d.path("repaired"), id);
            }
            int after = stored(c, tenant, id).status();
            events.add("split brain: record " + key + " given another outcome in region us; the divergence run "
                    + (reported ? "reported the conflict" : "did NOT report it") + " and " + (touched || after != 202
                    ? "CHANGED a record" : "changed neither record"));
            if (!reported || touched || after != 202) {
                problems.add("a conflict was not reported, or was overwritten: " + run);
            }
            update(c, tenant, id, before.status(), before.body());
        }
    }

    private static void update(Connection c, String tenant, String id, int status, byte[] body) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("UPDATE records SET status = ?, body = ? WHERE tenant = ? AND pcs_id = ?")) {
            ps.setInt(1, status);
            ps.setBytes(2, body);
            ps.setString(3, tenant);
            ps.setString(4, id);
            ps.executeUpdate();
        }
    }

    /** Every record has exactly one audit leaf and one cost row of its kind in this region, copies marked as such. */
    private void checkEffectsOnce(Region r, Set<String> union) throws Exception {
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        long[] audit = {0, 0, 0};
        long[] cost = {0, 0, 0};
        Set<String> stored = Set.of();
        while (System.nanoTime() < deadline) {
            audit = longs(r, r.auditSchema, "SELECT count(*), count(DISTINCT tenant || '/' || pcs_id), count(*) FILTER "
                    + "(WHERE convert_from(leaf, 'UTF8') LIKE '%\"replicated_from\"%') FROM leaves");
            cost = longs(r, r.costSchema, "SELECT count(*), count(DISTINCT tenant || '/' || pcs_id), count(*) FILTER "
                    + "(WHERE resource = 'replicated_records') FROM usage WHERE resource IN ('submissions', 'replicated_records')");
            stored = strings(r, r.dedupSchema, "SELECT tenant || '/' || pcs_id FROM records");
            if (audit[0] >= union.size() && cost[0] >= union.size() && stored.size() >= union.size()) {
                break;
            }
            Thread.sleep(500);
        }
        events.add(String.format(Locale.ROOT, "region %s: %d records; audit leaves %d (%d distinct, %d marked replicated); "
                + "cost rows %d (%d distinct, %d replicated_records)", r.name, stored.size(), audit[0], audit[1],
                audit[2], cost[0], cost[1], cost[2]));
        if (!stored.containsAll(union) || stored.size() != union.size()) {
            problems.add(r.name + ": dedup store holds " + stored.size() + " records, " + union.size() + " acknowledged");
        }
        if (audit[0] != union.size() || audit[1] != union.size()) {
            problems.add(r.name + ": " + audit[0] + " audit leaves (" + audit[1] + " distinct) for " + union.size() + " records");
        }
        if (cost[0] != union.size() || cost[1] != union.size()) {
            problems.add(r.name + ": " + cost[0] + " cost rows (" + cost[1] + " distinct) for " + union.size() + " records");
        }
        if (audit[2] != cost[2] || audit[2] == 0) {
            problems.add(r.name + ": " + audit[2] + " leaves marked replicated but " + cost[2] + " replicated_records rows");
        }
    }

    /** Every crr-shipper metric the alert rules query is exported by the running shippers. */
    private void checkAlertMetrics(Region eu, Region us) throws Exception {
        Path rules = root.resolve("deploy/monitoring/prometheus-rules.yaml");
        List<String> scrapes = List.of(get(ServiceProcess.metricsUrl(eu.shipperPort)),
                get(ServiceProcess.metricsUrl(us.shipperPort)));
        Set<String> missing = AlertMetrics.missing(rules, scrapes, n -> n.startsWith(AlertMetrics.CRR_PREFIX));
        long queried = AlertMetrics.queried(rules).stream().filter(n -> n.startsWith(AlertMetrics.CRR_PREFIX)).count();
        events.add("crr-shipper metrics queried by the alert rules: " + (missing.isEmpty() ? "all " + queried
                + " exported" : "MISSING " + missing));
        if (!missing.isEmpty() || queried == 0) {
            problems.add("alert rules query crr-shipper metrics no shipper exports: " + missing);
        }
    }

    private record Lag(int n, double p50, double p99, double max) {
    }

    /** Client acknowledgement in the accepting region → first replicated copy on the other region's stream. */
    private static Lag lag(Map<String, Long> acks, ArrivalClock copies, Set<String> shared) {
        List<Double> ms = new ArrayList<>();
        acks.forEach((k, ack) -> {
            Long at = shared.contains(k) ? null : copies.firstCopy(k);
            if (at != null) {
                ms.add(Math.max(0, at - ack) / 1e6);
            }
        });
        ms.sort(Double::compare);
        if (ms.isEmpty()) {
            return new Lag(0, 0, 0, 0);
        }
        return new Lag(ms.size(), ms.get((int) Math.floor(0.5 * (ms.size() - 1))),
                ms.get((int) Math.floor(0.99 * (ms.size() - 1))), ms.get(ms.size() - 1));
    }

    private String report(Lag euToUs, Lag usToEu, double maxRpo, int records, Region eu, Region us) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("## Cross-region replication (two regions on one machine").append(faults ? ", with faults" : "")
                .append(")\n\n");
        md.append("`java -cp … io.fractallba.e2e.crr.TwoRegionRun . ").append(perRegion).append(' ').append(faults)
                .append("` (part of `dev/bench`): two full stacks (own broker, Redis and schemas; verifier, dedup, audit, "
                        + "cost, crr-shipper each) on this machine, both submitting at once. Lag = the client's "
                        + "acknowledgement in the accepting region → the first replicated copy on the other region's "
                        + "`pcs.verified.v1`, by the harness's own clock (records submitted to one region only).\n\n");
        md.append("| direction | records | lag p50 | lag p99 | max |\n|---|---:|---:|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| eu → us | %d | %.0f ms | %.0f ms | %.0f ms |%n", euToUs.n(), euToUs.p50(),
                euToUs.p99(), euToUs.max()));
        md.append(String.format(Locale.ROOT, "| us → eu | %d | %.0f ms | %.0f ms | %.0f ms |%n%n", usToEu.n(), usToEu.p50(),
                usToEu.p99(), usToEu.max()));
        double p99 = Math.max(euToUs.p99(), usToEu.p99()) / 1000;
        md.append(String.format(Locale.ROOT, "Target p99 ≤ 5 s: %s (%.2f s)%s.%n%n", p99 <= 5 ? "met" : "not met", p99,
                faults ? "; this run includes a shipper crash and a 6 s link cut, whose records wait out the cut" : ""));
        md.append("Shipper-reported lag (receipt → peer acknowledgement, `flk_crr_replication_lag_seconds`): eu → us p99 ")
                .append(String.format(Locale.ROOT, "%.2f s, us → eu p99 %.2f s.%n%n",
                        lagP99(eu.shipperPort, "us"), lagP99(us.shipperPort, "eu")));
        Map<String, Long> euRss = eu.rssMiB();
        Map<String, Long> usRss = us.rssMiB();
        md.append("RSS per process at the end of the run (each -Xmx256m")
                .append(faults ? "; region eu's shipper is the one restarted after the kill" : "")
                .append("):\n\n| service | region eu MiB | region us MiB |\n|---|---:|---:|\n");
        euRss.forEach((module, mib) -> md.append(String.format(Locale.ROOT, "| %s | %d | %d |%n", module, mib,
                usRss.get(module))));
        md.append('\n');
        md.append("What happened and what was checked (").append(records).append(" distinct records):\n\n");
        events.forEach(e -> md.append("- ").append(e).append('\n'));
        md.append("\nResult: ").append(problems.isEmpty() ? "**passed**" : "**FAILED**: " + problems).append("\n\n");
        return md.toString();
    }

    /** p99 of the shipper's lag histogram towards {@code peer}, as histogram_quantile computes it (0 when unknown). */
    private double lagP99(int port, String peer) {
        try {
            double q = io.fractallba.e2e.metrics.PrometheusHistogram.quantile(get(ServiceProcess.metricsUrl(port)),
                    "flk_crr_replication_lag_seconds", "peer=\"" + peer + "\"", 0.99);
            return Double.isNaN(q) ? 0 : q;
        } catch (Exception e) {
            return 0;
        }
    }

    private double metric(int port, String pattern) {
        try {
            Matcher m = Pattern.compile("^" + pattern + " ([0-9.eE+-]+|NaN)$", Pattern.MULTILINE)
                    .matcher(get(ServiceProcess.metricsUrl(port)));
            return m.find() && !m.group(1).equals("NaN") ? Double.parseDouble(m.group(1)) : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    private record StoredRecord(int status, byte[] body) {
    }

    private static StoredRecord stored(Connection c, String tenant, String id) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT status, body FROM records WHERE tenant = ? AND pcs_id = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("record " + tenant + "/" + id + " not in the dedup store");
                }
                return new StoredRecord(rs.getInt(1), rs.getBytes(2));
            }
        }
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.asText())) {
                return true;
            }
        }
        return false;
    }

    private interface Condition {
        boolean holds();
    }

    private static void await(Condition c) throws InterruptedException {
        while (!c.holds()) {
            Thread.sleep(50);
        }
    }

    private static long[] longs(Region r, String schema, String sql) throws Exception {
        try (Connection c = r.db(schema); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            long[] out = new long[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < out.length; i++) {
                out[i] = rs.getLong(i + 1);
            }
            return out;
        }
    }

    private static Set<String> strings(Region r, String schema, String sql) throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = r.db(schema); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Authorization", io.fractallba.e2e.DevIssuer.get().operatorBearer()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private String post(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .header("Authorization", io.fractallba.e2e.DevIssuer.get().operatorBearer()).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
