package io.fractallba.crr.ship;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @Test
    void delaysGrowUpToTheCapWithJitterAndResetAfterSuccess() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        long max = 0;
        for (int i = 0; i < 200; i++) {
            long d = b.nextDelayMillis();
            assertThat(d).isBetween(0L, 2000L);
            max = Math.max(max, d);
        }
        assertThat(max).as("jitter reaches well past the first step").isGreaterThan(500);
        b.reset();
        assertThat(b.nextDelayMillis()).isBetween(0L, 100L);
    }
}
