package io.fractallba.e2e;

import io.fractallba.sdk.load.PreparedRequest;
import io.fractallba.e2e.load.TopicCounter;
import io.fractallba.sdk.load.Workloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/contract.md §6 with the durable tiers, through real processes: a duplicate gets the first outcome after Redis lost
 * all its data (FLUSHALL), and after its record was demoted to the cold archive; no second event is published; a new
 * submission still counts as new; with the dedup-service down, new submissions fail closed (503) while hot duplicates
 * are still answered.
 */
class RedisDataLossTest {

    @TempDir
    Path tmp;

    @Test
    void duplicatesKeepTheirFirstOutcomeAcrossTiersAndRedisDataLoss() throws Exception {
        String run = Long.toHexString(System.nanoTime());
        String topic = "pcs.verified.v1.redisloss-" + run;
        String schema = "dedup_e2e_" + run;
        ServiceProcess.createTopics("127.0.0.1:9092", topic, topic + ".dlq");
        int redisPort = ServiceProcess.freePort();
        int dedupPort = ServiceProcess.freePort();
        int verifierPort = ServiceProcess.freePort();
        Path logs = ServiceProcess.projectRoot().resolve("e2e-tests/target");
        String redisUrl = "redis://127.0.0.1:" + redisPort;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Workloads w = new Workloads(System.nanoTime());

        String[] dedupProps = {"quarkus.redis.hosts=" + redisUrl, "flk.dedup.topics=" + topic,
                "flk.dedup.consumer-group=e2e-" + run,
                "quarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/flk?currentSchema=" + schema,
                "quarkus.flyway.schemas=" + schema, "quarkus.flyway.default-schema=" + schema,
                "flk.dedup.warm-age=PT1S", "flk.dedup.housekeeping-interval=PT0S", "flk.dedup.cold-dir=" + tmp.resolve("cold")};
        try (ServiceProcess redis = ServiceProcess.redis(redisPort, logs.resolve("redisloss-redis.log")).start();
             ServiceProcess dedup = ServiceProcess.service("dedup-service", dedupPort, logs.resolve("redisloss-dedup.log"),
                     dedupProps).start();
             ServiceProcess verifier = ServiceProcess.verifier(verifierPort, tmp.resolve("wal"),
                     logs.resolve("redisloss-verifier.log"), "quarkus.redis.hosts=" + redisUrl, "flk.verifier.topic=" + topic,
                     "flk.verifier.dedup.durable-url=http://127.0.0.1:" + dedupPort, "flk.verifier.dedup.hot-ttl=PT1H",
                     // A cold JVM on the shared test machine can take over the default 0.5 s for its first lookups.
                     "flk.verifier.dedup.durable-timeout=PT5S",
                     "flk.verifier.tenants.acme.dedup-hot-ttl=PT1S").start();
             TopicCounter events = new TopicCounter("127.0.0.1:9092", topic)) {
            dedup.awaitReady(dedupPort, Duration.ofSeconds(90));
            verifier.awaitReady(verifierPort, Duration.ofSeconds(90));
            URI submit = URI.create("http://127.0.0.1:" + verifierPort + "/v1/pcs/submit");
            String dedupBase = "http://127.0.0.1:" + dedupPort + "/v1/dedup/default/";

            // 1. First submission, then Redis loses everything.
            PreparedRequest a = w.fresh();
            HttpResponse<String> first = send(http, submit, a);
            assertThat(first.statusCode()).isEqualTo(200);
            awaitStatus(http, dedupBase + pcsId(a) + "?tiers=durable", 200);
            flushAll(redisPort);
            HttpResponse<String> again = send(http, submit, a);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).as("the first outcome, byte for byte").isEqualTo(first.body());

            // 2. A record demoted to the cold archive, then Redis loses everything again.
            PreparedRequest c = w.escalation();
            HttpResponse<String> firstC = send(http, submit, c);
            assertThat(firstC.statusCode()).isEqualTo(202);
            awaitStatus(http, dedupBase + pcsId(c) + "?tiers=durable", 200);
            Thread.sleep(1500);
            String demoted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dedupPort + "/v1/dedup/admin/demote"))
                    .header("Authorization", io.fractallba.e2e.DevIssuer.get().operatorBearer()).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(demoted).doesNotContain("\"demoted\":0");
            flushAll(redisPort);
            HttpResponse<String> againC = send(http, submit, c);
            assertThat(againC.statusCode()).isEqualTo(202);
            assertThat(againC.body()).isEqualTo(firstC.body());
            assertThat(get(http, dedupBase + pcsId(c))).contains("\"tier\":\"hot\"");

            // 3. A new submission after the loss is new: one event of its own.
            PreparedRequest d = w.fresh();
            assertThat(send(http, submit, d).statusCode()).isEqualTo(200);

            // 4. Tenant acme's hot entries live 1 s: after that the warm tier answers (demotion hot → warm by age).
            PreparedRequest e = w.freshEd25519();
            HttpResponse<String> firstE = send(http, submit, e);
            assertThat(firstE.statusCode()).isEqualTo(200);
            awaitStatus(http, "http://127.0.0.1:" + dedupPort + "/v1/dedup/acme/" + pcsId(e) + "?tiers=durable", 200);
            Thread.sleep(1500);
            assertThat(get(http, "http://127.0.0.1:" + dedupPort + "/v1/dedup/acme/" + pcsId(e))).contains("\"tier\":\"warm\"");
            assertThat(send(http, submit, e).body()).isEqualTo(firstE.body());

            Map<String, Integer> counts = events.collect(4, Duration.ofSeconds(20), Duration.ofSeconds(2));
            assertThat(counts).containsEntry(a.eventKey(), 1).containsEntry(c.eventKey(), 1).containsEntry(d.eventKey(), 1)
                    .containsEntry(e.eventKey(), 1);
            assertThat(get(http, ServiceProcess.metricsUrl(verifierPort)))
                    .contains("flk_verifier_dedup_durable_lookup_seconds_count{result=\"hit\"} 3.0");

            // 5. The durable tiers unreachable: new submissions fail closed, hot duplicates are still answered.
            dedup.kill9();
            PreparedRequest f = w.fresh();
            HttpResponse<String> closed = send(http, submit, f);
            assertThat(closed.statusCode()).isEqualTo(503);
            assertThat(closed.body()).contains("urn:fractal-lba:problem:dedup-unavailable");
            assertThat(send(http, submit, d).body()).isEqualTo(send(http, submit, d).body());
            assertThat(send(http, submit, d).statusCode()).isEqualTo(200);

            // 6. The client retries the refused submission once the durable tiers are back: it is new, with its event
            //    (the refused attempt left nothing behind that could be replayed as a "first response").
            try (ServiceProcess back = ServiceProcess.service("dedup-service", dedupPort, logs.resolve("redisloss-dedup.log"),
                    dedupProps).start()) {
                back.awaitReady(dedupPort, Duration.ofSeconds(90));
                HttpResponse<String> retried = send(http, submit, f);
                assertThat(retried.statusCode()).isEqualTo(200);
                assertThat(retried.headers().firstValue("Idempotent-Replayed")).isEmpty();
                Map<String, Integer> after = events.collect(5, Duration.ofSeconds(20), Duration.ofSeconds(2));
                assertThat(after).containsEntry(f.eventKey(), 1);
            }
        } finally {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/flk", "postgres", null);
                 Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static String pcsId(PreparedRequest r) {
        return r.eventKey().substring(r.eventKey().indexOf('/') + 1);
    }

    private static void flushAll(int port) throws Exception {
        Process p = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "FLUSHALL").inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }

    private static void awaitStatus(HttpClient http, String url, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", io.fractallba.e2e.DevIssuer.get().operatorBearer()).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == status) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(url + " never answered " + status);
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", io.fractallba.e2e.DevIssuer.get().operatorBearer()).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static HttpResponse<String> send(HttpClient http, URI uri, PreparedRequest r) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(15)).POST(HttpRequest.BodyPublishers.ofByteArray(r.body()));
        if (r.tenant() != null && !r.tenant().equals("default")) {
            b.header("X-Tenant-Id", r.tenant());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
