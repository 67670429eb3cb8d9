package io.fractallba.dedup.tiering;

import java.time.Duration;

/**
 * The dedup-service's defaults that the tiering decisions depend on, as values, for code that runs the policy outside
 * the service (the tiering benchmark) and has to state what it ran. {@code DedupConfig}'s {@code @WithDefault}s stay
 * the source (docs/configuration.md is generated from them); {@code TieringDefaultsTest} fails when these differ.
 */
public final class TieringDefaults {

    public static final double READ_THRESHOLD = 0.02;
    public static final Duration MIN_AGE = Duration.ofDays(1);
    public static final Duration MAX_AGE = Duration.ofDays(14);
    public static final double SMOOTHING = 0.2;
    public static final int MIN_DAYS = 7;
    public static final long MIN_RECORDS = 1000;
    public static final double PREPROMOTE_THRESHOLD = 0.25;
    /** {@code flk.dedup.warm-age}: the fixed policy's warm age. */
    public static final Duration WARM_AGE = Duration.ofDays(3);
    /** {@code flk.dedup.hot-ttl}, the verifier's {@code flk.verifier.dedup.hot-ttl} too. */
    public static final Duration HOT_TTL = Duration.ofDays(1);
    /** {@code flk.dedup.housekeeping-interval}: how often a demotion run writes its segments. */
    public static final Duration HOUSEKEEPING_INTERVAL = Duration.ofMinutes(1);
    /** {@code flk.dedup.segment-records}: the most records per cold segment. */
    public static final int SEGMENT_RECORDS = 10_000;

    private TieringDefaults() {
    }

    /** The service's default settings in {@code mode}. */
    public static TieringPolicy.Settings settings(TieringPolicy.Mode mode) {
        return new TieringPolicy.Settings(mode, READ_THRESHOLD, MIN_AGE, MAX_AGE, MIN_DAYS, MIN_RECORDS,
                PREPROMOTE_THRESHOLD, HOT_TTL, SMOOTHING);
    }
}
