package io.fractallba.e2e;

import io.fractallba.dedup.shard.MigrateCli;
import io.fractallba.sdk.load.PreparedRequest;
import io.fractallba.e2e.load.TopicCounter;
import io.fractallba.sdk.load.Workloads;
import io.fractallba.pcs.dedup.DedupKeys;
import io.fractallba.pcs.dedup.ShardLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot tier moves from two Redis nodes to three while submissions and duplicates keep flowing through a real
 * verifier that follows the published routing. Redis is the only dedup tier here (no durable lookups), so any record
 * the migration loses or any double decision shows up as a second event or a different duplicate answer. Every phase
 * is run by the real CLI; the copy is interrupted once and resumed from its checkpoint.
 */
class ShardMigrationTest {

    @TempDir
    Path tmp;

    @Test
    void noDuplicateMissedAndNoRecordLostInAnyPhase() throws Exception {
        String run = Long.toHexString(System.nanoTime());
        String topic = "pcs.verified.v1.migration-" + run;
        String schema = "dedup_mig_" + run;
        ServiceProcess.createTopics("127.0.0.1:9092", topic, topic + ".dlq");
        Path logs = ServiceProcess.projectRoot().resolve("e2e-tests/target");
        int[] ports = {ServiceProcess.freePort(), ServiceProcess.freePort(), ServiceProcess.freePort()};
        List<ServiceProcess> redis = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            redis.add(ServiceProcess.redis(ports[i], logs.resolve("migration-redis-" + i + ".log")).start());
        }
        String from = "r1=redis://127.0.0.1:" + ports[0] + ",r2=redis://127.0.0.1:" + ports[1] + ";vnodes=64";
        String to = "r1=redis://127.0.0.1:" + ports[0] + ",r2=redis://127.0.0.1:" + ports[1] + ",r3=redis://127.0.0.1:"
                + ports[2] + ";vnodes=64";
        String db = "jdbc:postgresql://127.0.0.1:5432/flk?currentSchema=" + schema;
        int dedupPort = ServiceProcess.freePort();
        int verifierPort = ServiceProcess.freePort();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Workloads w = new Workloads(System.nanoTime());
        Map<String, String> firstBody = new ConcurrentHashMap<>();
        List<String> problems = new CopyOnWriteArrayList<>();
        AtomicInteger sent = new AtomicInteger();
        List<PreparedRequest> acknowledged = new CopyOnWriteArrayList<>();
        try (ServiceProcess dedup = ServiceProcess.service("dedup-service", dedupPort, logs.resolve("migration-dedup.log"),
                     "quarkus.redis.hosts=redis://127.0.0.1:" + ports[0], "flk.dedup.shards=" + from,
                     "flk.dedup.topics=" + topic, "flk.dedup.consumer-group=mig-" + run,
                     "quarkus.datasource.jdbc.url=" + db, "quarkus.flyway.schemas=" + schema,
                     "quarkus.flyway.default-schema=" + schema, "flk.dedup.cold-dir=" + tmp.resolve("cold")).start();
             ServiceProcess verifier = ServiceProcess.verifier(verifierPort, tmp.resolve("wal"),
                     logs.resolve("migration-verifier.log"), "quarkus.redis.hosts=redis://127.0.0.1:" + ports[0],
                     "flk.verifier.topic=" + topic, "flk.verifier.dedup.shards=" + from,
                     "flk.verifier.dedup.routing-url=http://127.0.0.1:" + dedupPort + "/v1/dedup/routing",
                     "flk.verifier.dedup.routing-poll=PT0.2S").start();
             TopicCounter events = new TopicCounter("127.0.0.1:9092", topic)) {
            dedup.awaitReady(dedupPort, Duration.ofSeconds(90));
            verifier.awaitReady(verifierPort, Duration.ofSeconds(90));
            URI submit = URI.create("http://127.0.0.1:" + verifierPort + "/v1/pcs/submit");

            // Records in the hot tier before the migration starts.
            for (int i = 0; i < 300; i++) {
                submitOnce(http, submit, w.fresh(), firstBody, acknowledged, problems, sent);
            }
            AtomicBoolean flowing = new AtomicBoolean(true);
            Thread load = new Thread(() -> {
                java.util.Random rnd = new java.util.Random(7);
                while (flowing.get()) {
                    try {
                        PreparedRequest r = rnd.nextInt(3) == 0 || acknowledged.isEmpty() ? w.fresh()
                                : Workloads.duplicateOf(acknowledged.get(rnd.nextInt(acknowledged.size())));
                        submitOnce(http, submit, r, firstBody, acknowledged, problems, sent);
                    } catch (Exception e) {
                        problems.add("load: " + e);
                    }
                }
            }, "migration-load");
            load.start();

            String[] dbArgs = {"--db-url", db, "--grace", "PT1S"};
            assertThat(cli("plan", dbArgs, "--from", from, "--to", to)).contains("change node");
            Thread.sleep(500);
            assertThat(cli("dual-write", dbArgs)).contains("routing v1");
            Thread.sleep(500);
            String partial = cliExpect(1, "copy", dbArgs, "--limit", "50");
            assertThat(partial).contains("stopped after").contains("resume from the checkpoint");
            assertThat(cli("status", dbArgs)).contains("copy    r1         running");
            Thread.sleep(300);
            assertThat(cli("copy", dbArgs, "--rate", "2000")).contains("next: verify");
            Thread.sleep(500);
            assertThat(cli("verify", dbArgs)).contains("verified:");
            Thread.sleep(500);
            assertThat(cli("cutover", dbArgs)).contains("the new layout alone");
            Thread.sleep(500);
            assertThat(cli("cleanup", dbArgs)).contains("complete");
            Thread.sleep(1000);
            flowing.set(false);
            load.join(20_000);
            assertThat(cli("status", dbArgs)).contains("(cutover)").contains("no migration in progress");

            assertThat(problems).as("every duplicate got the first answer; no errors").isEmpty();
            List<String> keys = acknowledged.stream().map(PreparedRequest::eventKey).distinct().toList();
            Map<String, Integer> counts = events.collect(keys.size(), Duration.ofSeconds(30), Duration.ofSeconds(2));
            assertThat(keys).allSatisfy(k -> assertThat(counts.get(k)).as("events of " + k).isEqualTo(1));
            System.out.printf("migration under load: %d requests, %d distinct submissions, every one with one event%n",
                    sent.get(), keys.size());

            // Every record is on its owner in the new layout, and nowhere else.
            ShardLayout layout = ShardLayout.parse(to);
            try (io.fractallba.dedup.shard.RedisNodes nodes = new io.fractallba.dedup.shard.RedisNodes()) {
                for (String k : keys) {
                    int slash = k.indexOf('/');
                    String key = DedupKeys.redisKey(k.substring(0, slash), k.substring(slash + 1));
                    String owner = layout.ring().owner(key);
                    assertThat(nodes.get(layout.url(owner), key)).as(key + " on " + owner).isNotNull();
                    for (String other : layout.nodes().keySet()) {
                        if (!other.equals(owner)) {
                            assertThat(nodes.get(layout.url(other), key)).as(key + " left on " + other).isNull();
                        }
                    }
                }
            }
        } finally {
            for (ServiceProcess r : redis) {
                r.close();
            }
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/flk", "postgres", null);
                 Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static void submitOnce(HttpClient http, URI uri, PreparedRequest r, Map<String, String> firstBody,
                                   List<PreparedRequest> acknowledged, List<String> problems, AtomicInteger sent)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(15)).POST(HttpRequest.BodyPublishers.ofByteArray(r.body()));
        if (r.tenant() != null) {
            b.header("X-Tenant-Id", r.tenant());
        }
        HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        sent.incrementAndGet();
        if (resp.statusCode() != 200 && resp.statusCode() != 202) {
            problems.add(r.eventKey() + " answered " + resp.statusCode() + ": " + resp.body());
            return;
        }
        String before = firstBody.putIfAbsent(r.eventKey(), resp.body());
        if (before == null) {
            acknowledged.add(r);
        } else if (!before.equals(resp.body())) {
            problems.add(r.eventKey() + " answered differently: " + resp.body() + " vs first " + before);
        }
    }

    private static String cli(String step, String[] db, String... more) {
        return cliExpect(0, step, db, more);
    }

    private static String cliExpect(int exit, String step, String[] db, String... more) {
        List<String> args = new ArrayList<>(List.of(step));
        args.addAll(List.of(db));
        args.addAll(List.of(more));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = MigrateCli.run(new PrintStream(buf, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        String out = buf.toString(StandardCharsets.UTF_8);
        System.out.println("dedup-migrate " + step + " → " + code + "\n" + out);
        assertThat(code).as(out).isEqualTo(exit);
        return out;
    }
}
