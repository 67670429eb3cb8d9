package io.fractallba.ensemble.policy;

import io.fractallba.pcs.event.EnsembleDecision;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AgreementTrackerTest {

    static final EnsemblePolicy ADAPTIVE = new EnsemblePolicy(2, EnsemblePolicy.DEFAULT_CHECKS, Map.of(), Map.of(), "closed",
            0.5, 0.3, 0.7, 0.6, 0.3, false, true);

    static List<EnsembleDecision.Vote> votes(String... verdicts) {
        List<EnsembleDecision.Vote> v = new ArrayList<>();
        for (String s : verdicts) {
            v.add(new EnsembleDecision.Vote("c", s, 1, 0, ""));
        }
        return v;
    }

    @Test
    void nFollowsTheTenantsObservedAgreementAndStaysPutWithoutEnoughHistory() {
        AgreementTracker t = new AgreementTracker(tenant -> List.of());
        for (int i = 0; i < 40; i++) {
            t.record("agreeing", votes("accept", "accept", "abstain"));
        }
        assertThat(t.effectiveN("agreeing", ADAPTIVE)).as("40 < 50 decisions").isEqualTo(2);
        for (int i = 0; i < 60; i++) {
            t.record("agreeing", votes("accept", "accept", "accept"));
            t.record("split", votes(i % 3 == 0 ? "accept" : "reject", "accept", "abstain"));
        }
        assertThat(t.effectiveN("agreeing", ADAPTIVE)).isEqualTo(1);
        assertThat(t.effectiveN("split", ADAPTIVE)).as("at most the voting checks: recompute is a gate").isEqualTo(2);
        assertThat(t.effectiveN("agreeing", EnsemblePolicy.DEFAULT)).as("not adaptive").isEqualTo(2);
        assertThat(AgreementTracker.unanimous(votes("accept", "abstain", "abstain"))).as("one deciding vote").isFalse();
    }

    @Test
    void historyIsReadOnceFromTheStoreAndTheWindowIsBounded() {
        List<Boolean> stored = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            stored.add(true);
        }
        int[] reads = {0};
        AgreementTracker t = new AgreementTracker(tenant -> {
            reads[0]++;
            return stored;
        });
        assertThat(t.effectiveN("x", ADAPTIVE)).isEqualTo(1);
        for (int i = 0; i < AgreementTracker.WINDOW; i++) {
            t.record("x", votes("accept", "reject", "reject"));
        }
        assertThat(t.effectiveN("x", ADAPTIVE)).as("the window now holds only split decisions").isEqualTo(2);
        assertThat(reads[0]).isEqualTo(1);
    }
}
