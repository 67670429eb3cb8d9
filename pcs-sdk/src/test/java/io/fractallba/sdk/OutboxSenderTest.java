package io.fractallba.sdk;

import com.sun.net.httpserver.HttpServer;
import io.fractallba.sdk.outbox.OutboxSender;
import io.fractallba.sdk.outbox.RetryPolicy;
import io.fractallba.sdk.outbox.SubmissionOutbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedDeque;

import static org.assertj.core.api.Assertions.assertThat;

/** The SDK's outbox and sender against a scripted local HTTP server (a unit test of the retry rules). */
class OutboxSenderTest {

    @TempDir
    Path tmp;

    private HttpServer server;
    private final Deque<int[]> script = new ConcurrentLinkedDeque<>(); // {status, retryAfterSeconds or -1}
    private final List<String> received = new ArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/pcs/submit", ex -> {
            received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int[] next = script.isEmpty() ? new int[]{200, -1} : script.poll();
            if (next[1] >= 0) {
                ex.getResponseHeaders().add("Retry-After", Integer.toString(next[1]));
            }
            byte[] body = ("{\"status\":" + next[0] + "}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(next[0], body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private OutboxSender sender(SubmissionOutbox outbox, int maxAttempts) {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new OutboxSender(outbox, base, null, new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), maxAttempts),
                sleeps::add, new Random(1));
    }

    @Test
    void honoursRetryAfterThenAcknowledgesAndForgets() throws Exception {
        SubmissionOutbox outbox = new SubmissionOutbox(tmp.resolve("outbox"));
        script.add(new int[]{503, 2});
        script.add(new int[]{429, 1});
        script.add(new int[]{202, -1});
        assertThat(sender(outbox, 8).submit("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(OutboxSender.Result.ACKNOWLEDGED);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(1));
        assertThat(received).hasSize(3).allMatch("{\"a\":1}"::equals);
        assertThat(outbox.pending()).isEmpty();
    }

    @Test
    void otherClientErrorsGoStraightToTheDeadLetterWithTheReason() throws Exception {
        SubmissionOutbox outbox = new SubmissionOutbox(tmp.resolve("outbox"));
        script.add(new int[]{401, -1});
        assertThat(sender(outbox, 8).submit("{}".getBytes(StandardCharsets.UTF_8))).isEqualTo(OutboxSender.Result.DEAD_LETTER);
        assertThat(received).hasSize(1);
        assertThat(outbox.pending()).isEmpty();
        List<Path> dead = outbox.deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(Files.readString(Path.of(dead.get(0) + ".reason"))).contains("HTTP 401");
    }

    @Test
    void serverErrorsBackOffWithJitterAndStayPendingAfterTheLimit() throws Exception {
        SubmissionOutbox outbox = new SubmissionOutbox(tmp.resolve("outbox"));
        for (int i = 0; i < 3; i++) {
            script.add(new int[]{500, -1});
        }
        OutboxSender sender = sender(outbox, 3);
        assertThat(sender.submit("{}".getBytes(StandardCharsets.UTF_8))).isEqualTo(OutboxSender.Result.PENDING);
        assertThat(sleeps).hasSize(3);
        for (int i = 0; i < sleeps.size(); i++) {
            assertThat(sleeps.get(i)).isBetween(Duration.ZERO, Duration.ofMillis(100L << i));
        }
        // An outage is not a verdict on the submission: it is kept for the next run, not dead-lettered.
        assertThat(outbox.deadLetters()).isEmpty();
        assertThat(outbox.pending()).hasSize(1);
        assertThat(sender.lastFailure()).contains("no answer after 3 attempts").contains("HTTP 500");
    }

    @Test
    void pendingEntriesSurviveARestartAndAreResent() throws Exception {
        Path dir = tmp.resolve("outbox");
        SubmissionOutbox first = new SubmissionOutbox(dir);
        first.append("{\"n\":1}".getBytes(StandardCharsets.UTF_8));
        first.append("{\"n\":2}".getBytes(StandardCharsets.UTF_8));
        // The agent crashed before sending; a new process opens the same outbox.
        SubmissionOutbox second = new SubmissionOutbox(dir);
        assertThat(second.pending()).hasSize(2);
        assertThat(sender(second, 3).drain()).isEqualTo(2);
        assertThat(received).containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(second.pending()).isEmpty();
        // New entries continue after the recovered ones, so resend order stays the append order.
        assertThat(second.append("{\"n\":3}".getBytes(StandardCharsets.UTF_8)).file().getFileName().toString())
                .isEqualTo(String.format("%020d.pcs", 3));
    }
}
