package io.fractallba.ensemble.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CheckAccuracyTest {

    @Test
    void theWeightIsTheLogOddsOfTheSmoothedAccuracyOnceThereAreEnoughLabels() {
        CheckAccuracy good = new CheckAccuracy("hrs", 100, 90);
        assertThat(good.accuracy()).isCloseTo(91.0 / 102, within(1e-12));
        assertThat(good.weight(30)).isCloseTo(Math.log(91.0 / 11), within(1e-12));
        assertThat(new CheckAccuracy("hrs", 20, 20).weight(30)).as("too few labels").isNull();
        assertThat(new CheckAccuracy("coin", 1000, 500).weight(30)).as("no better than a coin").isEqualTo(0.05);
        assertThat(new CheckAccuracy("wrong", 1000, 10).weight(30)).as("worse than a coin").isEqualTo(0.05);
        assertThat(new CheckAccuracy("perfect", 1_000_000, 1_000_000).weight(30)).as("capped").isEqualTo(10.0);
    }
}
