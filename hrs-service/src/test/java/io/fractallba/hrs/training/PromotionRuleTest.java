package io.fractallba.hrs.training;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Calibration and coverage may not regress for a promotion, whatever the ranking gain. */
class PromotionRuleTest {

    static Evaluation eval(double auroc, double ece, double coverage) {
        return new Evaluation("m", 500, auroc, ece, 0.1, coverage, 0.90, 0.6, coverage, coverage);
    }

    @Test
    void worseCalibrationOrCoverageBeyondTheTolerancesIsARegression() {
        Evaluation active = eval(0.90, 0.03, 0.91);
        assertThat(PromotionRule.regressions(eval(0.93, 0.04, 0.90), active)).isEmpty();
        assertThat(PromotionRule.regressions(eval(0.93, 0.06, 0.91), active)).singleElement().asString()
                .startsWith("ECE 0.0600 vs 0.0300");
        assertThat(PromotionRule.regressions(eval(0.93, 0.03, 0.85), active)).singleElement().asString()
                .startsWith("interval coverage 0.8500");
        // Coverage is held to the lower of the active model's and the nominal level, less the tolerance.
        assertThat(PromotionRule.regressions(eval(0.93, 0.03, 0.80), eval(0.90, 0.03, 0.82))).isEmpty();
    }

    @Test
    void aCandidateThatRanksBetterButRegressesIsNotPromoted() {
        Evaluation active = eval(0.90, 0.03, 0.91);
        Candidate c = new Candidate(null, 1, "h", 100, 20, 20, 0.4, eval(0.95, 0.09, 0.91), java.util.List.of(), active,
                null, null, 20, 0, java.util.List.of(), 0.02, null, null);
        assertThat(c.beatsActive()).isFalse();
        Candidate fine = new Candidate(null, 1, "h", 100, 20, 20, 0.4, eval(0.95, 0.03, 0.91), java.util.List.of(),
                active, null, null, 20, 0, java.util.List.of(), 0.02, null, null);
        assertThat(fine.beatsActive()).isTrue();
    }
}
