package io.fractallba.dedup.tiering;

import java.time.Duration;

/**
 * Log-spaced buckets of a record's age since its first submission. Bucket 0 is younger than a minute; bucket
 * {@code k ≥ 1} starts at 60 s × 2^((k−1)/4), so each bucket is about 19% wider than the one before: fine enough to
 * tell "retried within minutes" from "re-submitted after a week" (the buckets around 7 days are [6.7 d, 8 d)), few
 * enough (60) to keep one tenant's state in a single small row. The last bucket (from about 16 days) is open-ended,
 * past any retention this service allows by default.
 */
public final class AgeBuckets {

    public static final int COUNT = 60;
    private static final double FIRST_SECONDS = 60;
    private static final double PER_OCTAVE = 4;

    private AgeBuckets() {
    }

    public static int of(Duration age) {
        double s = age.toMillis() / 1000.0;
        if (s < FIRST_SECONDS) {
            return 0;
        }
        int k = 1 + (int) Math.floor(PER_OCTAVE * Math.log(s / FIRST_SECONDS) / Math.log(2) + 1e-9);
        // Rounding near a boundary: settle on the bucket whose bounds hold the age.
        while (k > 1 && lowerSeconds(k) > s) {
            k--;
        }
        while (k < COUNT - 1 && lowerSeconds(k + 1) <= s) {
            k++;
        }
        return Math.min(k, COUNT - 1);
    }

    /** Inclusive lower bound of bucket {@code b} (rounded up to the millisecond, so it lies inside the bucket). */
    public static Duration lower(int b) {
        return Duration.ofMillis((long) Math.ceil(lowerSeconds(b) * 1000));
    }

    /** Exclusive upper bound of bucket {@code b}; null for the last, open-ended bucket. */
    public static Duration upper(int b) {
        return b >= COUNT - 1 ? null : lower(b + 1);
    }

    private static double lowerSeconds(int b) {
        return b == 0 ? 0 : FIRST_SECONDS * Math.pow(2, (b - 1) / PER_OCTAVE);
    }
}
