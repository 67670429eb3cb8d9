package io.fractallba.sdk.outbox;

import java.time.Duration;
import java.util.Random;

/** Exponential backoff with full jitter (delay uniform in [0, min(cap, base·2^attempt)]), bounded attempts. */
public record RetryPolicy(Duration base, Duration cap, int maxAttempts) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(30), 8);

    public Duration backoff(int attempt, Random random) {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt, 20));
        return Duration.ofMillis((long) (random.nextDouble() * (ceiling + 1)));
    }
}
