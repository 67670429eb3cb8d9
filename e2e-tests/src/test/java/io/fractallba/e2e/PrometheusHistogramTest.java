package io.fractallba.e2e;

import io.fractallba.e2e.metrics.PrometheusHistogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PrometheusHistogramTest {

    private static final String TEXT = """
            # TYPE flk_crr_replication_lag_seconds histogram
            flk_crr_replication_lag_seconds_bucket{peer="us",le="0.1"} 50.0
            flk_crr_replication_lag_seconds_bucket{peer="us",le="0.2"} 100.0
            flk_crr_replication_lag_seconds_bucket{peer="us",le="+Inf"} 100.0
            flk_crr_replication_lag_seconds_bucket{peer="eu",le="0.1"} 0.0
            flk_crr_replication_lag_seconds_bucket{peer="eu",le="0.2"} 0.0
            flk_crr_replication_lag_seconds_bucket{peer="eu",le="+Inf"} 4.0
            flk_crr_replication_lag_seconds_count{peer="us"} 100.0
            """;

    @Test
    void interpolatesInsideTheBucketAsHistogramQuantileDoes() {
        assertThat(PrometheusHistogram.quantile(TEXT, "flk_crr_replication_lag_seconds", "peer=\"us\"", 0.5))
                .isCloseTo(0.1, within(1e-9));
        assertThat(PrometheusHistogram.quantile(TEXT, "flk_crr_replication_lag_seconds", "peer=\"us\"", 0.99))
                .isCloseTo(0.198, within(1e-9));
        // Everything beyond the last finite bound: that bound, as PromQL answers.
        assertThat(PrometheusHistogram.quantile(TEXT, "flk_crr_replication_lag_seconds", "peer=\"eu\"", 0.99))
                .isCloseTo(0.2, within(1e-9));
        assertThat(PrometheusHistogram.quantile(TEXT, "flk_nothing_seconds", "", 0.99)).isNaN();
    }
}
