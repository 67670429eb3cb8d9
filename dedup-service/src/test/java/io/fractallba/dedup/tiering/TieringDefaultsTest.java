package io.fractallba.dedup.tiering;

import io.fractallba.dedup.config.DedupConfig;
import io.smallrye.config.WithDefault;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TieringDefaults} (what the benchmark runs and reports) are the service's configured defaults. */
class TieringDefaultsTest {

    @Test
    void theBenchmarksDefaultsAreTheServices() throws Exception {
        assertThat(Double.parseDouble(tiering("readThreshold"))).isEqualTo(TieringDefaults.READ_THRESHOLD);
        assertThat(Duration.parse(tiering("minAge"))).isEqualTo(TieringDefaults.MIN_AGE);
        assertThat(Duration.parse(tiering("maxAge"))).isEqualTo(TieringDefaults.MAX_AGE);
        assertThat(Double.parseDouble(tiering("smoothing"))).isEqualTo(TieringDefaults.SMOOTHING);
        assertThat(Integer.parseInt(tiering("minDays"))).isEqualTo(TieringDefaults.MIN_DAYS);
        assertThat(Long.parseLong(tiering("minRecords"))).isEqualTo(TieringDefaults.MIN_RECORDS);
        assertThat(Double.parseDouble(tiering("prepromoteThreshold"))).isEqualTo(TieringDefaults.PREPROMOTE_THRESHOLD);
        assertThat(Duration.parse(dedup("warmAge"))).isEqualTo(TieringDefaults.WARM_AGE);
        assertThat(Duration.parse(dedup("hotTtl"))).isEqualTo(TieringDefaults.HOT_TTL);
        assertThat(Duration.parse(dedup("housekeepingInterval"))).isEqualTo(TieringDefaults.HOUSEKEEPING_INTERVAL);
        assertThat(Integer.parseInt(dedup("segmentRecords"))).isEqualTo(TieringDefaults.SEGMENT_RECORDS);
        assertThat(TieringDefaults.settings(TieringPolicy.Mode.FIXED).mode()).isEqualTo(TieringPolicy.Mode.FIXED);
    }

    private static String tiering(String method) throws NoSuchMethodException {
        return DedupConfig.Tiering.class.getMethod(method).getAnnotation(WithDefault.class).value();
    }

    private static String dedup(String method) throws NoSuchMethodException {
        return DedupConfig.class.getMethod(method).getAnnotation(WithDefault.class).value();
    }
}
