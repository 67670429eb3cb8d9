package io.fractallba.e2e;

import io.fractallba.e2e.load.TopicCounter;
import io.fractallba.sdk.load.PreparedRequest;
import io.fractallba.sdk.load.Workloads;
import io.fractallba.sdk.outbox.OutboxSender;
import io.fractallba.sdk.outbox.RetryPolicy;
import io.fractallba.sdk.outbox.SubmissionOutbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SDK's outbox against a real verifier: an agent crashes after appending (nothing sent), and another after the
 * verifier answered but before the entry was acknowledged locally; on restart both entries are sent, the second one
 * again — the verifier's dedup answers it as a duplicate — and each submission has exactly one event.
 */
class OutboxAgainstVerifierTest {

    @TempDir
    Path tmp;

    @Test
    void pendingEntriesAreResentAfterACrashAndAcceptedOnce() throws Exception {
        String topic = "pcs.verified.v1.outbox-" + Long.toHexString(System.nanoTime());
        ServiceProcess.createTopics("127.0.0.1:9092", topic);
        int port = ServiceProcess.freePort();
        Path log = ServiceProcess.projectRoot().resolve("e2e-tests/target/outbox-verifier.log");
        Workloads w = new Workloads(System.nanoTime());
        PreparedRequest neverSent = w.fresh();
        PreparedRequest sentNotAcked = w.fresh();
        URI base = URI.create("http://127.0.0.1:" + port);

        // Agent run 1 appends two entries and "crashes" before sending: nothing is lost, both are on disk.
        SubmissionOutbox outbox = new SubmissionOutbox(tmp.resolve("outbox"));
        outbox.append(neverSent.body());
        outbox.append(sentNotAcked.body());
        assertThat(new SubmissionOutbox(tmp.resolve("outbox")).pending()).hasSize(2);

        try (ServiceProcess verifier = ServiceProcess.verifier(port, tmp.resolve("wal"), log, "flk.verifier.topic=" + topic).start();
             TopicCounter events = new TopicCounter("127.0.0.1:9092", topic)) {
            verifier.awaitReady(port, Duration.ofSeconds(90));
            // The second entry reached the verifier once before the agent died (its local ack never happened).
            java.net.http.HttpResponse<String> first = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(base.resolve("/v1/pcs/submit")).header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(sentNotAcked.body())).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(first.statusCode()).isEqualTo(200);

            // Agent run 2: the restarted sender drains what is pending.
            OutboxSender restarted = new OutboxSender(new SubmissionOutbox(tmp.resolve("outbox")), base, null,
                    RetryPolicy.DEFAULT, d -> Thread.sleep(d.toMillis()), new Random(2));
            assertThat(restarted.drain()).isEqualTo(2);
            assertThat(new SubmissionOutbox(tmp.resolve("outbox")).pending()).isEmpty();
            assertThat(new SubmissionOutbox(tmp.resolve("outbox")).deadLetters()).isEmpty();

            Map<String, Integer> counts = events.collect(2, Duration.ofSeconds(20), Duration.ofSeconds(2));
            assertThat(counts).containsEntry(neverSent.eventKey(), 1).containsEntry(sentNotAcked.eventKey(), 1).hasSize(2);
        }
        assertThat(Files.exists(tmp.resolve("outbox"))).isTrue();
    }
}
