package io.fractallba.e2e;

import io.fractallba.sdk.load.PreparedRequest;
import io.fractallba.e2e.load.TopicCounter;
import io.fractallba.sdk.load.Workloads;
import io.fractallba.pcs.event.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka unreachable: submissions are still acknowledged once the WAL is durable and the event is queued; the
 * backlog is visible in metrics; after a kill -9 the restarted verifier (now with a broker) publishes every one of
 * them exactly once from its WAL.
 */
class KafkaOutageTest {

    @TempDir
    Path tmp;

    @Test
    void acknowledgedWhileKafkaIsAwayAndPublishedExactlyOnceLater() throws Exception {
        int port = ServiceProcess.freePort();
        int deadKafka = ServiceProcess.freePort(); // nothing listens there
        Path wal = tmp.resolve("wal");
        Path log = ServiceProcess.projectRoot().resolve("e2e-tests/target/kafka-outage-verifier.log");
        Workloads w = new Workloads(System.nanoTime());
        List<PreparedRequest> sent = new ArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/pcs/submit");

        try (TopicCounter events = new TopicCounter("127.0.0.1:9092", Topics.PCS_VERIFIED)) {
            // A replica decides during a broker outage from its last read of the policy topic, kept next to its WAL
            // (docs/policies.md): this one has run once with the broker, as any replica restarting in an outage has.
            try (ServiceProcess first = ServiceProcess.verifier(port, wal, log).start()) {
                first.awaitReady(port, Duration.ofSeconds(90));
            }
            try (ServiceProcess blind = ServiceProcess.verifier(port, wal, log,
                    "kafka.bootstrap.servers=127.0.0.1:" + deadKafka).start()) {
                blind.awaitReady(port, Duration.ofSeconds(90));
                for (int i = 0; i < 200; i++) {
                    PreparedRequest r = i % 4 == 3 ? w.escalation() : w.fresh();
                    HttpResponse<String> resp = client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(r.body())).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(resp.statusCode()).isIn(200, 202);
                    sent.add(r);
                }
                String metrics = client.send(HttpRequest.newBuilder(URI.create(ServiceProcess.metricsUrl(port))).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("flk_verifier_outbox_backlog 200.0");
                blind.kill9();
            }

            try (ServiceProcess healed = ServiceProcess.verifier(port, wal, log).start()) {
                healed.awaitReady(port, Duration.ofSeconds(90));
                Map<String, Integer> perKey = events.collect(sent.size(), Duration.ofSeconds(60), Duration.ofSeconds(3));
                assertThat(sent).allSatisfy(r -> assertThat(perKey.get(r.eventKey())).as(r.eventKey()).isEqualTo(1));
                assertThat(perKey).hasSize(sent.size());
            }
        }
    }
}
