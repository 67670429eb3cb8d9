package io.fractallba.sdk.outbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;

/**
 * Sends the outbox's entries to a verifier. 200/202 acknowledge; 429/503 wait for Retry-After (or the backoff) and
 * retry; other 4xx are final (dead letter with the problem body); transport errors and other 5xx back off with
 * full jitter. An entry still unanswered after the policy's attempts stays pending: a verifier or network outage is
 * not a reason to give up on an acknowledged-to-the-agent submission, and the next {@link #drain()} sends it again.
 */
public final class OutboxSender {

    /** What became of one entry. */
    public enum Result { ACKNOWLEDGED, DEAD_LETTER, PENDING }

    /** Sleeping is a parameter so tests can observe the waits instead of spending them. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final SubmissionOutbox outbox;
    private final HttpClient client;
    private final URI submitUri;
    private final String tenant;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Random random;
    private volatile String lastFailure = "";

    public OutboxSender(SubmissionOutbox outbox, URI baseUrl, String tenant, RetryPolicy policy, Sleeper sleeper, Random random) {
        this.outbox = outbox;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        // Appended, not resolved: a verifier behind a path prefix (https://gw/verifier) keeps its prefix.
        this.submitUri = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/v1/pcs/submit");
        this.tenant = tenant;
        this.policy = policy;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** Appends, then delivers: the body is durable before the first byte is sent. */
    public Result submit(byte[] body) throws IOException, InterruptedException {
        return deliver(outbox.append(body));
    }

    /** Delivers every pending entry (after a restart), oldest first. Returns how many were acknowledged. */
    public int drain() throws IOException, InterruptedException {
        int acknowledged = 0;
        for (SubmissionOutbox.Entry e : outbox.pending()) {
            if (deliver(e) == Result.ACKNOWLEDGED) {
                acknowledged++;
            }
        }
        return acknowledged;
    }

    Result deliver(SubmissionOutbox.Entry e) throws IOException, InterruptedException {
        String lastError = "no attempt";
        for (int attempt = 0; attempt < policy.maxAttempts(); attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(submitUri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(e.body()));
            if (tenant != null) {
                b.header("X-Tenant-Id", tenant);
            }
            HttpResponse<String> r;
            try {
                r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException io) {
                lastError = "transport: " + io.getMessage();
                sleeper.sleep(policy.backoff(attempt, random));
                continue;
            }
            int s = r.statusCode();
            if (s == 200 || s == 202) {
                outbox.acknowledge(e);
                return Result.ACKNOWLEDGED;
            }
            lastError = "HTTP " + s + ": " + r.body();
            if (s == 429 || s == 503) {
                sleeper.sleep(r.headers().firstValue("Retry-After").flatMap(OutboxSender::seconds)
                        .orElse(policy.backoff(attempt, random)));
            } else if (s >= 400 && s < 500) {
                outbox.deadLetter(e, lastError); // the same body can never succeed
                return Result.DEAD_LETTER;
            } else {
                sleeper.sleep(policy.backoff(attempt, random));
            }
        }
        lastFailure = "no answer after " + policy.maxAttempts() + " attempts; last: " + lastError;
        return Result.PENDING;
    }

    /** Why the last entry left {@link Result#PENDING} was not acknowledged. */
    public String lastFailure() {
        return lastFailure;
    }

    private static java.util.Optional<Duration> seconds(String header) {
        try {
            return java.util.Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim()))));
        } catch (NumberFormatException ex) {
            return java.util.Optional.empty();
        }
    }
}
