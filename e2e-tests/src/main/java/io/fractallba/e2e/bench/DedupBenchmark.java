package io.fractallba.e2e.bench;

import io.fractallba.e2e.ServiceProcess;
import io.fractallba.sdk.load.LoadResult;
import io.fractallba.sdk.load.LoadRunner;
import io.fractallba.sdk.load.PreparedRequest;
import io.fractallba.sdk.load.Workloads;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the durable dedup tiers cost on the submit path: the same verifier build, once with Redis alone (baseline)
 * and once with the dedup-service behind it (every hot miss — every new submission — is looked up in the warm tier
 * over HTTP), for new submissions and for duplicates answered from the hot tier, at a paced rate.
 */
final class DedupBenchmark {

    private final Path root;
    private final int requests;
    private final StringBuilder md = new StringBuilder();

    DedupBenchmark(Path root, int requests) {
        this.root = root;
        this.requests = requests;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        System.out.println(new DedupBenchmark(root, args.length > 1 ? Integer.parseInt(args[1]) : 4000).run());
    }

    String run() throws Exception {
        String run = Long.toHexString(System.nanoTime());
        String topic = "pcs.verified.v1.dedupbench-" + run;
        String schema = "dedup_bench_" + run;
        ServiceProcess.createTopics("127.0.0.1:9092", topic, topic + ".dlq");
        Path logs = root.resolve("e2e-tests/target");
        int dedupPort = ServiceProcess.freePort();
        double rate = 150;
        LoadResult[] hotOnly;
        LoadResult[] tiered;
        long dedupRssKb;
        try (ServiceProcess dedup = ServiceProcess.service("dedup-service", dedupPort, logs.resolve("bench-dedup.log"),
                "flk.dedup.topics=" + topic, "flk.dedup.consumer-group=bench-" + run, "quarkus.log.level=WARN",
                "quarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/flk?currentSchema=" + schema,
                "quarkus.flyway.schemas=" + schema, "quarkus.flyway.default-schema=" + schema,
                "flk.dedup.cold-dir=" + Files.createTempDirectory("flk-bench-cold")).start()) {
            dedup.awaitReady(dedupPort, Duration.ofSeconds(90));
            hotOnly = scenario(topic, null, rate, "hot-only");
            tiered = scenario(topic, "http://127.0.0.1:" + dedupPort, rate, "tiered");
            dedupRssKb = dedup.rssKb();
        } finally {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/flk", "postgres", null);
                 Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
        md.append("## Dedup tiers on the submit path\n\n");
        md.append(String.format(Locale.ROOT, "The same verifier process configuration twice, %,d requests per row paced at "
                + "%.0f req/s (32 clients): baseline with Redis as the only tier; then with the dedup-service's durable "
                + "tiers, where every hot-tier miss (every new submission) is looked up in the warm tier over HTTP "
                + "before it counts as new. Duplicates are answered from the hot tier in both.%n%n", requests, rate));
        md.append("| submissions | Redis only p50 ms | p99 ms | with durable tiers p50 ms | p99 ms | p50 overhead ms | p99 ratio |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        row("new", hotOnly[0], tiered[0]);
        row("duplicate", hotOnly[1], tiered[1]);
        md.append(String.format(Locale.ROOT, "%ndedup-service RSS after both rows (it consumed every event of both and "
                + "answered the tiered row's lookups; -Xmx256m): %d MiB.%n%n", dedupRssKb / 1024));
        migration(Integer.getInteger("flk.bench.migration-keys", 100_000));
        return md.toString();
    }

    /** Shard migration throughput: one node to two, the copy step against a plain SCAN + GET pass of the same keys. */
    private void migration(int keys) throws Exception {
        Path logs = root.resolve("e2e-tests/target");
        int p1 = ServiceProcess.freePort();
        int p2 = ServiceProcess.freePort();
        String u1 = "redis://127.0.0.1:" + p1;
        String u2 = "redis://127.0.0.1:" + p2;
        String schema = "dedup_t" + Long.toHexString(System.nanoTime());
        org.flywaydb.core.Flyway.configure().dataSource("jdbc:postgresql://127.0.0.1:5432/flk", "postgres", null)
                .schemas(schema).defaultSchema(schema).locations("classpath:db/migration/dedup").load().migrate();
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL("jdbc:postgresql://127.0.0.1:5432/flk?currentSchema=" + schema);
        ds.setUser("postgres");
        try (ServiceProcess r1 = ServiceProcess.redis(p1, logs.resolve("bench-migration-r1.log")).start();
             ServiceProcess r2 = ServiceProcess.redis(p2, logs.resolve("bench-migration-r2.log")).start();
             io.fractallba.dedup.shard.RedisNodes nodes = new io.fractallba.dedup.shard.RedisNodes()) {
            Thread.sleep(300);
            String value = "bench:1\n200\n{\"status\":\"accepted\",\"pcs_id\":\"" + "x".repeat(64) + "\"}";
            for (int i = 0; i < keys; i += 1000) {
                List<String> args = new ArrayList<>();
                for (int k = i; k < Math.min(i + 1000, keys); k++) {
                    args.add(io.fractallba.pcs.dedup.DedupKeys.redisKey("t" + (k % 8), "pcs-" + k));
                    args.add(value);
                }
                nodes.api(u1).mset(args).await().atMost(Duration.ofSeconds(30));
            }
            long t0 = System.nanoTime();
            long read = 0;
            String cursor = "0";
            do {
                io.fractallba.dedup.shard.RedisNodes.Page page = nodes.scan(u1, cursor, 500);
                for (String k : page.keys()) {
                    if (nodes.get(u1, k) != null) {
                        read++;
                    }
                }
                cursor = page.cursor();
            } while (!cursor.equals("0"));
            double baseSeconds = (System.nanoTime() - t0) / 1e9;

            java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
            io.fractallba.dedup.shard.ShardMigration m = new io.fractallba.dedup.shard.ShardMigration(
                    new io.fractallba.dedup.shard.RoutingStore(ds, null), nodes, quiet, Duration.ZERO);
            m.plan(io.fractallba.pcs.dedup.ShardLayout.parse("a=" + u1),
                    io.fractallba.pcs.dedup.ShardLayout.parse("a=" + u1 + ",b=" + u2));
            m.dualWrite();
            long t1 = System.nanoTime();
            io.fractallba.dedup.shard.ShardMigration.StepResult copied = m.copy(Long.MAX_VALUE, Long.MAX_VALUE);
            double copySeconds = (System.nanoTime() - t1) / 1e9;
            md.append(String.format(Locale.ROOT, "Shard migration, one node to two (private redis-server processes), "
                    + "%,d hot records. Baseline: one SCAN + GET pass over the same records (what any copy must at "
                    + "least do).%n%n| pass | records scanned/s | records moved | ratio to baseline |%n|---|---:|---:|---:|%n"
                    + "| SCAN + GET (baseline) | %,.0f | — | 1.00 |%n| `copy` step (checkpointed, SET NX + TTL on the new node) "
                    + "| %,.0f | %,d | %.2f |%n%n", keys, read / baseSeconds, copied.scanned() / copySeconds,
                    copied.moved(), (copied.scanned() / copySeconds) / (read / baseSeconds)));
        } finally {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/flk", "postgres", null);
                 Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }


    private LoadResult[] scenario(String topic, String durableUrl, double rate, String name) throws Exception {
        int port = ServiceProcess.freePort();
        Path logs = root.resolve("e2e-tests/target");
        List<String> props = new ArrayList<>(List.of("flk.verifier.topic=" + topic, "quarkus.log.level=WARN"));
        if (durableUrl != null) {
            props.add("flk.verifier.dedup.durable-url=" + durableUrl);
        }
        try (ServiceProcess v = ServiceProcess.verifier(port, Files.createTempDirectory("flk-bench-wal"),
                logs.resolve("bench-dedup-verifier-" + name + ".log"), props.toArray(String[]::new)).start()) {
            v.awaitReady(port, Duration.ofSeconds(90));
            LoadRunner runner = new LoadRunner(URI.create("http://127.0.0.1:" + port + "/v1/pcs/submit"));
            Workloads w = new Workloads(System.nanoTime());
            runner.run(fresh(w, 1500), 32, 0);                                  // warm-up, not reported
            List<PreparedRequest> firsts = fresh(w, requests);
            LoadResult created = runner.run(firsts, 32, rate);
            List<PreparedRequest> dups = new ArrayList<>();
            firsts.forEach(r -> dups.add(Workloads.duplicateOf(r)));
            LoadResult duplicated = runner.run(dups, 32, rate);
            return new LoadResult[] {created, duplicated};
        }
    }

    private void row(String kind, LoadResult base, LoadResult tiered) {
        md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %+.2f | %.2f |%n", kind,
                base.percentileMillis(50), base.percentileMillis(99), tiered.percentileMillis(50),
                tiered.percentileMillis(99), tiered.percentileMillis(50) - base.percentileMillis(50),
                tiered.percentileMillis(99) / base.percentileMillis(99)));
    }

    private static List<PreparedRequest> fresh(Workloads w, int n) {
        List<PreparedRequest> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(w.fresh());
        }
        return out;
    }
}
