package io.fractallba.dedup.tiering;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Re-reads seen by this replica since the last flush, per tenant and age bucket: one array increment on the lookup
 * path, no I/O. Housekeeping drains it into the durable model; a crash loses at most one interval's counts, which
 * only nudges a smoothed statistic.
 */
public final class AccessRecorder {

    private final Map<String, AtomicLongArray> pending = new ConcurrentHashMap<>();

    public void read(String tenant, Duration age) {
        read(tenant, age, 1);
    }

    /** A re-read counted as {@code weight} re-reads (a held-out record's inside a hot band; PredictiveTiering). */
    public void read(String tenant, Duration age, long weight) {
        pending.computeIfAbsent(tenant, t -> new AtomicLongArray(AgeBuckets.COUNT))
                .addAndGet(AgeBuckets.of(age.isNegative() ? Duration.ZERO : age), weight);
    }

    /** Takes what was counted so far (counts arriving meanwhile stay for the next drain). */
    public Map<String, long[]> drain() {
        Map<String, long[]> out = new HashMap<>();
        for (Map.Entry<String, AtomicLongArray> e : pending.entrySet()) {
            long[] c = new long[AgeBuckets.COUNT];
            boolean any = false;
            for (int i = 0; i < c.length; i++) {
                c[i] = e.getValue().getAndSet(i, 0);
                any |= c[i] != 0;
            }
            if (any) {
                out.put(e.getKey(), c);
            }
        }
        return out;
    }

    /** Puts counts back after a failed flush, so the next one carries them. */
    public void restore(Map<String, long[]> counts) {
        counts.forEach((t, c) -> {
            AtomicLongArray a = pending.computeIfAbsent(t, x -> new AtomicLongArray(AgeBuckets.COUNT));
            for (int i = 0; i < c.length; i++) {
                a.addAndGet(i, c[i]);
            }
        });
    }
}
