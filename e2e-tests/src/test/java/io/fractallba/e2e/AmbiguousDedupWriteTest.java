package io.fractallba.e2e;

import io.fractallba.e2e.faults.TcpProxy;
import io.fractallba.e2e.load.TopicCounter;
import io.fractallba.pcs.event.Topics;
import io.fractallba.sdk.load.PreparedRequest;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis executes the verifier's first-write-wins {@code SET NX} but its reply is lost: the verifier answers 503, the
 * client resubmits and is answered as a duplicate of the stored response. That response was acknowledged, so its
 * event must still be published — exactly once (docs/contract.md §6). The fault run lost ~90 events this way under load.
 */
class AmbiguousDedupWriteTest {

    @TempDir
    Path tmp;

    @Test
    void aWriteWhoseReplyWasLostStillPublishesItsEventOnce() throws Exception {
        int redisPort = ServiceProcess.freePort();
        int port = ServiceProcess.freePort();
        Path logs = ServiceProcess.projectRoot().resolve("e2e-tests/target");
        Workloads w = new Workloads(System.nanoTime());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/pcs/submit");

        ServiceProcess redis = ServiceProcess.redis(redisPort, logs.resolve("ambiguous-redis.log")).start();
        try (TcpProxy proxy = new TcpProxy(redisPort);
             ServiceProcess verifier = ServiceProcess.verifier(port, tmp.resolve("wal"), logs.resolve("ambiguous-verifier.log"),
                     "quarkus.redis.hosts=redis://127.0.0.1:" + proxy.port(), "quarkus.redis.timeout=1s").start();
             TopicCounter events = new TopicCounter("127.0.0.1:9092", Topics.PCS_VERIFIED)) {
            verifier.awaitReady(port, Duration.ofSeconds(120));
            assertThat(send(client, uri, w.fresh()).statusCode()).isIn(200, 202);

            PreparedRequest lostReply = w.fresh();
            proxy.dropReplies();
            HttpResponse<String> first = send(client, uri, lostReply);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(503);
            assertThat(first.body()).contains("urn:fractal-lba:problem:dedup-unavailable");
            proxy.restore();

            int status = 503;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            HttpResponse<String> retry = null;
            while (status == 503 && System.nanoTime() < deadline) {
                retry = send(client, uri, lostReply);
                status = retry.statusCode();
                Thread.sleep(200);
            }
            assertThat(status).as("the resubmission is acknowledged").isIn(200, 202);
            assertThat(retry.headers().firstValue("Idempotent-Replayed").orElse("")).as("answered as the stored response")
                    .isEqualTo("true");

            Map<String, Integer> perKey = events.collect(2, Duration.ofSeconds(60), Duration.ofSeconds(5));
            assertThat(perKey.get(lostReply.eventKey())).as("events for the acknowledged submission").isEqualTo(1);
        } finally {
            redis.close();
        }
    }

    private static HttpResponse<String> send(HttpClient client, URI uri, PreparedRequest r) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(15)).POST(HttpRequest.BodyPublishers.ofByteArray(r.body()));
        if (r.tenant() != null) {
            b.header("X-Tenant-Id", r.tenant());
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
