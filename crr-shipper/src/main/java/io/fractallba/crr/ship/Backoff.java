package io.fractallba.crr.ship;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter: attempt n waits a uniform time in [0, min(max, initial·2ⁿ)). */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private int failures;

    public Backoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
    }

    /** The delay before the next attempt after one more failure. */
    public long nextDelayMillis() {
        long cap = initialMillis << Math.min(failures, 30);
        failures++;
        return ThreadLocalRandom.current().nextLong(Math.min(maxMillis, Math.max(cap, 1)) + 1);
    }

    public void reset() {
        failures = 0;
    }

    public int failures() {
        return failures;
    }
}
