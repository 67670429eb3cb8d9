package io.fractallba.e2e.bench;

import io.fractallba.audit.checkpoint.CheckpointIssuer;
import io.fractallba.audit.log.AuditEntry;
import io.fractallba.audit.log.CanonicalJson;
import io.fractallba.audit.log.LogAppender;
import io.fractallba.audit.log.LogStore;
import io.fractallba.audit.proof.ProofService;
import io.fractallba.e2e.ServiceProcess;
import io.fractallba.sdk.load.LoadResult;
import io.fractallba.sdk.load.LoadRunner;
import io.fractallba.sdk.load.PreparedRequest;
import io.fractallba.sdk.load.Workloads;
import io.fractallba.pcs.tlog.NoteKey;
import io.fractallba.pcs.tlog.NoteSigner;
import org.HdrHistogram.Histogram;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The audit log's benchmarks: batched append throughput and proof latency at a large tree (in process, the
 * service's own storage code against the local Postgres, each with a same-run baseline of plain SQL), and
 * submit-to-checkpoint latency through the running verifier, Kafka and audit-service.
 */
final class AuditBenchmark {

    private static final String DB = "jdbc:postgresql://127.0.0.1:5432/flk";
    private static final int BATCH = 2000;

    private final Path root;
    private final int entries;
    private final StringBuilder md = new StringBuilder();

    AuditBenchmark(Path root, int entries) {
        this.root = root;
        this.entries = entries;
    }

    /** Runs only the audit benchmarks and prints their markdown: AuditBenchmark [projectRoot] [entries]. */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        System.out.println(new AuditBenchmark(root, args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000).run());
    }

    String run() throws Exception {
        md.append("## Audit log\n\n");
        String schema = "audit_bench_" + Long.toHexString(System.nanoTime());
        Flyway.configure().dataSource(DB, "postgres", null).schemas(schema).defaultSchema(schema)
                .locations("classpath:db/migration/audit").load().migrate();
        try (Connection held = dataSource(schema).getConnection()) {
            appendAndProofs(reused(held));
        } finally {
            drop(schema);
        }
        submitToCheckpoint();
        return md.toString();
    }

    private void appendAndProofs(DataSource ds) throws Exception {
        // Entries are generated per batch (deterministically, so baseline and append insert the same rows) and
        // only the inserts are timed: a million entries never sit in memory at once.
        long leafBytes = 0;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bare_rows (idx BIGINT PRIMARY KEY, tenant TEXT, pcs_id TEXT, leaf BYTEA)");
        }
        long bareNanos = 0;
        for (int i = 0; i < entries; i += BATCH) {
            List<AuditEntry> batch = batch(i, Math.min(BATCH, entries - i));
            for (AuditEntry e : batch) {
                leafBytes += e.leaf().length;
            }
            long t = System.nanoTime();
            bareInsert(ds, batch, i);
            bareNanos += System.nanoTime() - t;
        }
        double bareSeconds = bareNanos / 1e9;

        LogAppender appender = new LogAppender(ds);
        LogStore store = new LogStore(ds);
        ProofService proofs = new ProofService(store);
        long appendNanos = 0;
        LogAppender.Appended last = null;
        for (int i = 0; i < entries; i += BATCH) {
            List<AuditEntry> batch = batch(i, Math.min(BATCH, entries - i));
            long t = System.nanoTime();
            last = appender.append(batch);
            appendNanos += System.nanoTime() - t;
        }
        double appendSeconds = appendNanos / 1e9;
        SplittableRandom rnd = new SplittableRandom(42);
        CheckpointIssuer issuer = new CheckpointIssuer(store, proofs,
                new NoteSigner("bench/audit", NoteKey.ED25519, new byte[32]), "bench/audit");
        issuer.issue(last.size(), last.root());

        md.append(String.format(Locale.ROOT, "In process: the service's `LogAppender` and `ProofService` against the local "
                + "Postgres, %,d entries (%.0f bytes per leaf on average) appended in batches of %,d. Baseline: the same "
                + "rows inserted with the same single-statement batch into a bare table (no dedup check, no hashing, no "
                + "tree nodes, no advisory lock).%n%n", entries, (double) leafBytes / entries, BATCH));
        md.append("| operation | entries/s | ratio to baseline |\n|---|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| bare insert (baseline) | %,.0f | 1.00 |%n", entries / bareSeconds));
        md.append(String.format(Locale.ROOT, "| audit append (leaf + nodes, exactly-once) | %,.0f | %.2f |%n%n",
                entries / appendSeconds, (entries / appendSeconds) / (entries / bareSeconds)));

        long size = last.size();
        int samples = 3000;
        Histogram base = new Histogram(3);
        Histogram inclusion = new Histogram(3);
        Histogram consistency = new Histogram(3);
        for (int warm = 0; warm < 500; warm++) {
            proofs.inclusion(rnd.nextLong(size), size);
            pkLookup(ds, rnd.nextLong(size));
        }
        for (int i = 0; i < samples; i++) {
            long a = System.nanoTime();
            pkLookup(ds, rnd.nextLong(size));
            long b = System.nanoTime();
            proofs.inclusion(rnd.nextLong(size), size);
            long c = System.nanoTime();
            long first = 1 + rnd.nextLong(size - 1);
            proofs.consistency(first, size);
            long d = System.nanoTime();
            base.recordValue((b - a) / 1000);
            inclusion.recordValue((c - b) / 1000);
            consistency.recordValue((d - c) / 1000);
        }
        md.append(String.format(Locale.ROOT, "Proofs from a tree of %,d entries (%,d random requests each, in process over "
                + "one reused JDBC connection, as from the service's pool). Baseline: one primary-key lookup of a leaf "
                + "hash.%n%n", size, samples));
        md.append("| request | p50 ms | p99 ms | p99 ratio to baseline |\n|---|---:|---:|---:|\n");
        proofRow("primary-key lookup (baseline)", base, base);
        proofRow("inclusion proof", inclusion, base);
        proofRow("consistency proof", consistency, base);
        md.append('\n');
        targets.put("append ≥ 10,000 entries/s", String.format(Locale.ROOT, "%,.0f entries/s — %s", entries / appendSeconds,
                entries / appendSeconds >= 10_000 ? "met" : "not met"));
        targets.put("inclusion proof p99 ≤ 5 ms at ≥ 1 M entries", String.format(Locale.ROOT, "%.2f ms at %,d entries — %s",
                inclusion.getValueAtPercentile(99) / 1000.0, size,
                size < 1_000_000 ? "not shown (tree smaller than 1 M)" : inclusion.getValueAtPercentile(99) <= 5000 ? "met" : "not met"));
    }

    private final Map<String, String> targets = new LinkedHashMap<>();

    private void submitToCheckpoint() throws Exception {
        String run = Long.toHexString(System.nanoTime());
        String topic = "pcs.verified.v1.bench-" + run;
        String cpTopic = "audit.checkpoint.v1.bench-" + run;
        String schema = "audit_bench_" + run;
        ServiceProcess.createTopics("127.0.0.1:9092", topic, topic + ".dlq", cpTopic, cpTopic + ".dlq");
        int vPort = ServiceProcess.freePort();
        int aPort = ServiceProcess.freePort();
        Path logs = root.resolve("e2e-tests/target");
        Path wal = Files.createTempDirectory("flk-bench-wal");
        try (ServiceProcess verifier = ServiceProcess.verifier(vPort, wal, logs.resolve("bench-audit-verifier.log"),
                "flk.verifier.topic=" + topic, "quarkus.log.level=WARN").start();
             ServiceProcess audit = ServiceProcess.service("audit-service", aPort, logs.resolve("bench-audit.log"),
                     "flk.audit.topics=" + topic, "flk.audit.checkpoint-topic=" + cpTopic,
                     "flk.audit.consumer-group=audit-bench-" + run, "flk.audit.siem.file=",
                     "quarkus.datasource.jdbc.url=" + DB + "?currentSchema=" + schema,
                     "quarkus.flyway.schemas=" + schema, "quarkus.flyway.default-schema=" + schema,
                     "quarkus.log.level=WARN").start()) {
            verifier.awaitReady(vPort, Duration.ofSeconds(90));
            audit.awaitReady(aPort, Duration.ofSeconds(90));
            Workloads w = new Workloads(System.nanoTime());
            double rate = 200;
            int n = 4000;
            List<PreparedRequest> reqs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                reqs.add(w.fresh());
            }
            LoadResult r = new LoadRunner(URI.create("http://127.0.0.1:" + vPort + "/v1/pcs/submit")).run(reqs, 32, rate);
            DataSource ds = dataSource(schema);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && checkpointed(ds) < n) {
                Thread.sleep(200);
            }
            Histogram lat = new Histogram(3);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                    SELECT extract(epoch FROM (SELECT min(issued_at) FROM checkpoints c WHERE c.tree_size > l.idx)
                           - (convert_from(l.leaf, 'UTF8')::json ->> 'received_at')::timestamptz) * 1000
                    FROM leaves l""")) {
                while (rs.next()) {
                    double ms = rs.getDouble(1);
                    if (!rs.wasNull()) {
                        lat.recordValue(Math.max(0, Math.round(ms * 1000)));
                    }
                }
            }
            md.append(String.format(Locale.ROOT, "Submit to checkpoint, through the running stack (verifier → Kafka → "
                    + "audit-service, checkpoint interval 0.5 s): %,d fresh submissions paced at %.0f req/s (%,d answered "
                    + "200). Latency per leaf from the verifier's `received_at` to the `issued_at` of the first checkpoint "
                    + "covering it, both read back from the audit database; %,d leaves measured.%n%n", n, rate,
                    r.statuses().getOrDefault(200, 0L), lat.getTotalCount()));
            md.append("| p50 ms | p90 ms | p99 ms | max ms |\n|---:|---:|---:|---:|\n");
            md.append(String.format(Locale.ROOT, "| %.0f | %.0f | %.0f | %.0f |%n%n", lat.getValueAtPercentile(50) / 1000.0,
                    lat.getValueAtPercentile(90) / 1000.0, lat.getValueAtPercentile(99) / 1000.0, lat.getMaxValue() / 1000.0));
            md.append(String.format(Locale.ROOT, "audit-service RSS after the run (-Xmx256m): %d MiB.%n%n",
                    audit.rssKb() / 1024));
            targets.put("submit-to-checkpoint p99 ≤ 2 s", String.format(Locale.ROOT, "%.0f ms — %s",
                    lat.getValueAtPercentile(99) / 1000.0, lat.getTotalCount() > 0 && lat.getValueAtPercentile(99) <= 2_000_000
                            ? "met" : "not met"));
        } finally {
            drop(schema);
        }
        md.append("### Against the targets of the audit issue\n\n");
        targets.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append('\n');
    }

    private static long checkpointed(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(tree_size), 0) FROM checkpoints")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception notYet) {
            return 0;
        }
    }

    private void proofRow(String name, Histogram h, Histogram base) {
        md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.1f |%n", name, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, (double) h.getValueAtPercentile(99) / base.getValueAtPercentile(99)));
    }

    private static List<AuditEntry> batch(int first, int count) {
        SplittableRandom rnd = new SplittableRandom(first);
        List<AuditEntry> out = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            out.add(syntheticEntry(rnd, i));
        }
        return out;
    }

    private static AuditEntry syntheticEntry(SplittableRandom rnd, int i) {
        byte[] id = new byte[32];
        for (int k = 0; k < id.length; k++) {
            id[k] = (byte) rnd.nextInt(256);
        }
        String pcsId = HexFormat.of().formatHex(id);
        String tenant = "tenant-" + (i % 16);
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("status", 200);
        outcome.put("accepted", true);
        outcome.put("escalated", false);
        Map<String, Object> leaf = new LinkedHashMap<>();
        leaf.put("v", 1);
        leaf.put("tenant", tenant);
        leaf.put("pcs_id", pcsId);
        leaf.put("signed_payload", "{\"D_hat\":1.0,\"budget\":0.29,\"coh_star\":0.2,\"epoch\":1,\"merkle_root\":\""
                + pcsId + "\",\"pcs_id\":\"" + pcsId + "\",\"r\":0.5,\"shard_id\":\"shard-bench\"}");
        leaf.put("outcome", outcome);
        leaf.put("policy", "default@1");
        leaf.put("region", "bench");
        leaf.put("received_at", "2026-11-27T00:00:00Z");
        leaf.put("key_id", "demo-hmac");
        return new AuditEntry(tenant, pcsId, CanonicalJson.encode(leaf), null);
    }

    private static void bareInsert(DataSource ds, List<AuditEntry> rows, long first) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO bare_rows SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::bytea[])")) {
            Long[] idx = new Long[rows.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = first + i;
            }
            ps.setArray(1, c.createArrayOf("bigint", idx));
            ps.setArray(2, c.createArrayOf("text", rows.stream().map(AuditEntry::tenant).toArray()));
            ps.setArray(3, c.createArrayOf("text", rows.stream().map(AuditEntry::pcsId).toArray()));
            ps.setArray(4, c.createArrayOf("bytea", rows.stream().map(AuditEntry::leaf).toArray(byte[][]::new)));
            ps.executeUpdate();
        }
    }

    private static void pkLookup(DataSource ds, long idx) throws Exception {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT leaf_hash FROM leaves WHERE idx = ?")) {
            ps.setLong(1, idx);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
    }

    /**
     * One connection handed out again and again (closing it only ends its transaction), as the service's pool does:
     * connection set-up would otherwise dominate millisecond-scale requests.
     */
    private static DataSource reused(Connection held) {
        Connection proxy = (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (p, m, a) -> {
                    if (m.getName().equals("close")) {
                        held.setAutoCommit(true);
                        return null;
                    }
                    try {
                        return m.invoke(held, a);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        PGSimpleDataSource unused = new PGSimpleDataSource();
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (p, m, a) -> m.getName().equals("getConnection") ? proxy
                        : m.invoke(unused, a));
    }

    private static DataSource dataSource(String schema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(DB + "?currentSchema=" + schema);
        ds.setUser("postgres");
        return ds;
    }

    private static void drop(String schema) {
        try (Connection c = dataSource("public").getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (Exception e) {
            System.err.println("could not drop " + schema + ": " + e);
        }
    }
}
