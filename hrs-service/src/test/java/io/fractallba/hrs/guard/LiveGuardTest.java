package io.fractallba.hrs.guard;

import io.fractallba.hrs.training.Candidate;
import io.fractallba.hrs.training.Evaluation;
import io.fractallba.hrs.training.GroupAudit;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LiveGuardTest {

    private static final LiveGuard.Settings SETTINGS = new LiveGuard.Settings(100, 0.05, 0.05, 30);

    /** Evaluated at nominal coverage 0.90; tenant a's false-positive rate 0.10, tenant b's 0.20. */
    private static final Candidate EVALUATED = new Candidate(null, 1, "h", 0, 0, 0, 0.3,
            new Evaluation("model", 500, 0.9, 0.03, 0.1, 0.9, 0.9, 0.6), List.of(), null, null, null, 0, 0, List.of(),
            null, List.of(new GroupAudit.Group("a", 200, 0.9, 0.03, 0.9, 0.10, List.of()),
                    new GroupAudit.Group("b", 200, 0.9, 0.03, 0.9, 0.20, List.of())), null);

    @Test
    void wilsonBoundsMatchTheTextbookInterval() {
        // 5 of 10: the 95% Wilson interval is [0.2366, 0.7634].
        assertThat(LiveGuard.wilson(5, 10, -1)).isCloseTo(0.2366, within(1e-4));
        assertThat(LiveGuard.wilson(5, 10, +1)).isCloseTo(0.7634, within(1e-4));
        assertThat(LiveGuard.wilson(0, 20, +1)).isCloseTo(0.1611, within(1e-4));
    }

    @Test
    void tooFewLabelsJudgeNothingHoweverBad() {
        assertThat(LiveGuard.judge("v2", EVALUATED, outcomes("a", 99, 0, 1, 0.9), SETTINGS)).isEmpty();
    }

    @Test
    void coverageBreachesOnlyBeyondSamplingNoise() {
        // 200 labels, 150 inside the interval (0.75): even the upper bound (0.81) is below 0.90 - 0.05.
        List<LiveGuard.Outcome> low = new ArrayList<>(covered("a", 150));
        low.addAll(uncovered("a", 50));
        var breach = LiveGuard.judge("v2", EVALUATED, low, SETTINGS);
        assertThat(breach).isPresent();
        assertThat(breach.get().kind()).isEqualTo("coverage");
        assertThat(breach.get().reason()).contains("v2").contains("0.750").contains("200 labelled");
        // 0.83 on 200 labels: below nominal, but its upper bound (0.87) is not below 0.85 - noise, not a breach.
        List<LiveGuard.Outcome> noisy = new ArrayList<>(covered("a", 166));
        noisy.addAll(uncovered("a", 34));
        assertThat(LiveGuard.judge("v2", EVALUATED, noisy, SETTINGS)).isEmpty();
    }

    @Test
    void aTenantsFalsePositiveRateBreachesAgainstItsOwnEvaluatedRate() {
        // Tenant a: 60 negatives, 24 scored risky (0.40; lower bound 0.29 > 0.10 + 0.05). All intervals cover.
        List<LiveGuard.Outcome> live = new ArrayList<>(outcomes("a", 24, 0, 0.8, 0.0));
        live.addAll(outcomes("a", 36, 0, 0.2, 0.0));
        live.addAll(outcomes("a", 60, 1, 0.9, 1.0));
        var breach = LiveGuard.judge("v2", EVALUATED, live, SETTINGS);
        assertThat(breach).isPresent();
        assertThat(breach.get().kind()).isEqualTo("fpr");
        assertThat(breach.get().reason()).contains("tenant a").contains("0.400").contains("measured for it");
    }

    @Test
    void theSameRateIsWithinTheBoundOfATenantEvaluatedHigherAndUnjudgedWithFewNegatives() {
        // Tenant b was evaluated at 0.20: 0.30 on 60 negatives has a lower bound (0.20) under 0.25.
        List<LiveGuard.Outcome> live = new ArrayList<>(outcomes("b", 18, 0, 0.8, 0.0));
        live.addAll(outcomes("b", 42, 0, 0.2, 0.0));
        live.addAll(outcomes("b", 60, 1, 0.9, 1.0));
        assertThat(LiveGuard.judge("v2", EVALUATED, live, SETTINGS)).isEmpty();
        // A tenant with only 20 negatives, all false positives: not enough to judge.
        List<LiveGuard.Outcome> few = new ArrayList<>(outcomes("c", 20, 0, 0.9, 0.0));
        few.addAll(outcomes("c", 100, 1, 0.9, 1.0));
        assertThat(LiveGuard.judge("v2", EVALUATED, few, SETTINGS)).isEmpty();
    }

    @Test
    void aTenantAbsentFromTheTestSplitIsHeldToTheHighestEvaluatedRate() {
        // New tenant n: 0.40 on 60 negatives against the highest rate (b's 0.20): lower bound 0.29 > 0.25.
        List<LiveGuard.Outcome> live = new ArrayList<>(outcomes("n", 24, 0, 0.8, 0.0));
        live.addAll(outcomes("n", 36, 0, 0.2, 0.0));
        live.addAll(outcomes("n", 60, 1, 0.9, 1.0));
        var breach = LiveGuard.judge("v2", EVALUATED, live, SETTINGS);
        assertThat(breach).isPresent();
        assertThat(breach.get().reason()).contains("tenant n").contains("not in the test split");
    }

    /** {@code n} outcomes of a label and score whose interval [low, low + 1] covers the label iff it is inside. */
    private static List<LiveGuard.Outcome> outcomes(String tenant, int n, int label, double score, double low) {
        List<LiveGuard.Outcome> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new LiveGuard.Outcome(tenant, label, score, Math.min(low, label), Math.max(low, label)));
        }
        return out;
    }

    private static List<LiveGuard.Outcome> covered(String tenant, int n) {
        List<LiveGuard.Outcome> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new LiveGuard.Outcome(tenant, 1, 0.9, 0.5, 1.0));
        }
        return out;
    }

    private static List<LiveGuard.Outcome> uncovered(String tenant, int n) {
        List<LiveGuard.Outcome> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new LiveGuard.Outcome(tenant, 1, 0.3, 0.0, 0.6));
        }
        return out;
    }
}
