package io.fractallba.policy;

import io.fractallba.pcs.model.Pcs;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The decision matrix of a candidate against the active policy, on the golden vectors (known outcomes). */
class PolicySimulationTest {

    @Test
    void countsEveryMoveWithExamples() throws Exception {
        PolicyCompiler compiler = new PolicyCompiler();
        CompiledPolicy active = BuiltInPolicy.compile(compiler);
        // The candidate accepts budget deviations and regime mismatches, and escalates coh★ below 0.3.
        CompiledPolicy candidate = compiler.compile(new PolicyDocument("lenient", 1, null, List.of(
                new PolicyDocument.Rule("dhat", "math.abs(pcs.d_hat - recomputed.d_hat) > 0.15", "reject",
                        "dhat_out_of_tolerance", null),
                new PolicyDocument.Rule("coh", "pcs.coh_star < 0.0 || pcs.coh_star > 1.05", "reject",
                        "coh_star_out_of_bounds", null),
                new PolicyDocument.Rule("weak", "pcs.coh_star < 0.3", "escalate", "weak_coherence", null)),
                new PolicyDocument.Decision("accept", null, null)));
        PolicySimulation sim = new PolicySimulation(active, candidate, "t", 2);
        List<Pcs> golden = BuiltInPolicyTest.goldenCases();
        for (Pcs p : golden) {
            sim.add(p.pcsId(), "2026-12-06T00:00:00Z", p, PolicySimulation.outcome(active.decide(p, "t")));
        }
        PolicySimulation.Report r = sim.report();
        assertThat(r.submissions()).isEqualTo(golden.size());
        assertThat(r.storedDiffersFromActive()).isZero();
        // Golden: 8 accepted, 10 rejected (kept), 2 escalated: the regime mismatch (coh★ 0.8) the candidate accepts,
        // the budget deviation (coh★ 0.2) it escalates for another reason.
        long total = r.matrix().values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
        assertThat(total).isEqualTo(golden.size());
        assertThat(r.matrix().get("reject").get("reject")).isEqualTo(10);
        assertThat(r.matrix().get("escalate").get("accept")).isEqualTo(1);
        assertThat(r.matrix().get("escalate").get("escalate")).isEqualTo(1);
        assertThat(r.examples().get("escalate->accept")).singleElement()
                .satisfies(e -> assertThat(e.activeReason()).isEqualTo("regime_mismatch"));
        assertThat(r.examples().get("escalate->escalate")).singleElement().satisfies(e -> {
            assertThat(e.activeReason()).isEqualTo("budget_deviation");
            assertThat(e.candidateReason()).isEqualTo("weak_coherence");
            assertThat(e.candidateRule()).isEqualTo("weak");
        });
        assertThat(r.matrix().get("accept").get("accept") + r.matrix().get("accept").get("escalate")).isEqualTo(8);
        assertThat(r.candidateRules()).containsKeys("structure", "default", "weak");
        assertThat(r.changed()).isEqualTo(2 + r.matrix().get("accept").get("escalate"));
        assertThat(r.candidateErrors()).isZero();
    }

    @Test
    void labelledPrecisionAndRecallOfBothSides() throws Exception {
        PolicyCompiler compiler = new PolicyCompiler();
        CompiledPolicy active = BuiltInPolicy.compile(compiler);
        CompiledPolicy candidate = compiler.compile(new PolicyDocument("flag-all", 1, null, List.of(),
                new PolicyDocument.Decision("escalate", "flag_everything", null)));
        PolicySimulation sim = new PolicySimulation(active, candidate, "t", 1);
        List<Pcs> golden = BuiltInPolicyTest.goldenCases();
        // Label: risky exactly where the built-in flags (escalates or rejects), except the first golden case (accepted
        // by the built-in, labelled risky here: one false negative for it). One case has no label.
        long flaggedByActive = 0;
        for (int i = 0; i < golden.size(); i++) {
            Pcs p = golden.get(i);
            boolean flagged = !"accept".equals(PolicySimulation.outcome(active.decide(p, "t")));
            flaggedByActive += flagged ? 1 : 0;
            Boolean risky = i == golden.size() - 1 ? null : (flagged || i == 0);
            sim.add(p.pcsId(), "2026-12-06T00:00:00Z", p, null, Attachments.NONE, Attachments.NONE, risky);
        }
        PolicySimulation.Labelled l = sim.report().labelled();
        assertThat(l.labelled()).isEqualTo(golden.size() - 1);
        assertThat(PolicySimulation.outcome(active.decide(golden.get(0), "t"))).isEqualTo("accept");
        boolean lastFlagged = !"accept".equals(PolicySimulation.outcome(active.decide(golden.get(golden.size() - 1),
                "t")));
        long positives = flaggedByActive - (lastFlagged ? 1 : 0) + 1;
        assertThat(l.positives()).isEqualTo(positives);
        assertThat(l.active().fp()).isZero();
        assertThat(l.active().fn()).isEqualTo(1);
        assertThat(l.active().precision()).isEqualTo(1.0);
        assertThat(l.active().recall()).isEqualTo((double) (positives - 1) / positives);
        // Flagging everything finds every risky one and is wrong on every other.
        assertThat(l.candidate().recall()).isEqualTo(1.0);
        assertThat(l.candidate().fp()).isEqualTo(l.labelled() - positives);
        assertThat(l.candidate().tn()).isZero();
    }
}
