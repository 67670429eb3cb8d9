package io.fractallba.e2e;

import io.fractallba.sdk.load.Workloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis stopped mid-load: the verifier answers 503 with Retry-After (never another 5xx) and recovers by itself when
 * Redis is back. Uses a private redis-server so the machine's shared one is left alone.
 */
class RedisOutageTest {

    @TempDir
    Path tmp;

    @Test
    void failsClosedWith503AndRecoversWithoutRestart() throws Exception {
        int redisPort = ServiceProcess.freePort();
        int port = ServiceProcess.freePort();
        Path logs = ServiceProcess.projectRoot().resolve("e2e-tests/target");
        Workloads w = new Workloads(System.nanoTime());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/pcs/submit");

        ServiceProcess redis = ServiceProcess.redis(redisPort, logs.resolve("redis-outage-redis.log")).start();
        try (ServiceProcess verifier = ServiceProcess.verifier(port, tmp.resolve("wal"), logs.resolve("redis-outage-verifier.log"),
                "quarkus.redis.hosts=redis://127.0.0.1:" + redisPort, "quarkus.redis.timeout=1s").start()) {
            verifier.awaitReady(port, Duration.ofSeconds(90));
            assertThat(send(client, uri, w).statusCode()).isEqualTo(200);

            redis.kill9();
            Map<Integer, Integer> during = new TreeMap<>();
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = send(client, uri, w);
                during.merge(r.statusCode(), 1, Integer::sum);
                if (r.statusCode() == 503) {
                    assertThat(r.headers().firstValue("Retry-After")).isPresent();
                    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                    assertThat(r.body()).contains("urn:fractal-lba:problem:dedup-unavailable");
                }
            }
            System.out.println("redis outage: statuses while Redis was down " + during);
            assertThat(during.keySet()).containsOnly(503);

            redis = ServiceProcess.redis(redisPort, logs.resolve("redis-outage-redis.log")).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int status = 0;
            while (System.nanoTime() < deadline && status != 200) {
                status = send(client, uri, w).statusCode();
                assertThat(status).isIn(200, 503);
                Thread.sleep(200);
            }
            assertThat(status).as("recovered without a restart").isEqualTo(200);
        } finally {
            redis.close();
        }
    }

    private static HttpResponse<String> send(HttpClient client, URI uri, Workloads w) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(15)).POST(HttpRequest.BodyPublishers.ofByteArray(w.fresh().body())).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
