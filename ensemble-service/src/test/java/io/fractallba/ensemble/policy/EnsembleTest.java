package io.fractallba.ensemble.policy;

import io.fractallba.ensemble.check.Check;
import io.fractallba.ensemble.check.CheckResult;
import io.fractallba.ensemble.check.Subject;
import io.fractallba.pcs.event.EnsembleDecision;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class EnsembleTest {

    static final ExecutorService POOL = Executors.newFixedThreadPool(4);

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    static Check fixed(String name, CheckResult r) {
        return new Check() {
            public String name() {
                return name;
            }

            public CheckResult vote(Subject s, EnsemblePolicy p) {
                return r;
            }
        };
    }

    static Check failing(String name) {
        return new Check() {
            public String name() {
                return name;
            }

            public CheckResult vote(Subject s, EnsemblePolicy p) {
                throw new IllegalStateException("model file missing");
            }
        };
    }

    static Check slow(String name) {
        return new Check() {
            public String name() {
                return name;
            }

            public CheckResult vote(Subject s, EnsemblePolicy p) throws Exception {
                Thread.sleep(2000);
                return CheckResult.accept(1, "late");
            }
        };
    }

    static EnsemblePolicy policy(int n, String failMode) {
        return new EnsemblePolicy(n, List.of("recompute", "hrs", "grounding"), Map.of(), Map.of("grounding", 100L), failMode,
                0.5, 0.3, 0.7, 0.6, 0.3, false, false);
    }

    @Test
    void anErroredAndATimedOutCheckAreExplicitAbstentionsWithReasons() {
        Ensemble e = new Ensemble(Map.of("recompute", fixed("recompute", CheckResult.accept(1, "ok")),
                "hrs", failing("hrs"), "grounding", slow("grounding")), POOL);
        long t0 = System.nanoTime();
        Ensemble.Outcome o = e.decide(null, policy(2, "closed"));
        assertThat((System.nanoTime() - t0) / 1e6).as("the slow check is cut at its 100 ms timeout").isLessThan(1500);
        assertThat(o.votes()).hasSize(3);
        assertThat(o.votes().get(1).verdict()).isEqualTo("abstain");
        assertThat(o.votes().get(1).reason()).contains("error").contains("model file missing");
        assertThat(o.votes().get(2).verdict()).isEqualTo("abstain");
        assertThat(o.votes().get(2).reason()).contains("timeout after 100 ms");
        assertThat(o.decision()).as("fail closed: one accept of the two needed").isEqualTo("escalate");
        assertThat(e.decide(null, policy(2, "open")).decision()).as("fail open: abstentions count with a real accept")
                .isEqualTo("accept");
    }

    @Test
    void nOfMCombinesVotesInBothFailModes() {
        assertThat(combine(List.of("accept", "accept", "reject"), 2, "closed")).isEqualTo("accept");
        assertThat(combine(List.of("reject", "reject", "accept"), 2, "closed")).isEqualTo("reject");
        assertThat(combine(List.of("accept", "reject", "abstain"), 2, "closed")).isEqualTo("escalate");
        assertThat(combine(List.of("accept", "reject", "abstain"), 2, "open")).isEqualTo("accept");
        assertThat(combine(List.of("abstain", "abstain", "abstain"), 2, "open")).as("no real accept").isEqualTo("escalate");
        assertThat(combine(List.of("accept", "accept", "abstain"), 3, "closed")).isEqualTo("escalate");
        assertThat(combine(List.of("reject", "abstain", "abstain"), 1, "closed")).isEqualTo("reject");
    }

    @Test
    void weightsMakeAVoteCountMore() {
        EnsemblePolicy weighted = new EnsemblePolicy(2, List.of("recompute", "hrs", "grounding"), Map.of("recompute", 2.0),
                Map.of(), "closed", 0.5, 0.3, 0.7, 0.6, 0.3, false, false);
        List<EnsembleDecision.Vote> votes = List.of(new EnsembleDecision.Vote("recompute", "accept", 1, 0, ""),
                new EnsembleDecision.Vote("hrs", "abstain", 0, 0, ""), new EnsembleDecision.Vote("grounding", "reject", 1, 0, ""));
        assertThat(Ensemble.combine(votes, weighted)).as("recompute alone weighs 2").isEqualTo("accept");
        assertThat(Ensemble.combine(votes, policy(2, "closed"))).isEqualTo("escalate");
        assertThat(new EnsemblePolicy(2, List.of("recompute"), Map.of("hrs", 2.0), Map.of(), "closed", 0.5, 0.3, 0.7, 0.6, 0.3,
                false, false).problems()).anyMatch(p -> p.startsWith("weights:"));
    }

    @Test
    void aLowConfidenceVoteCountsAsAnAbstention() {
        Ensemble e = new Ensemble(Map.of("recompute", fixed("recompute", CheckResult.accept(1, "ok")),
                "hrs", fixed("hrs", CheckResult.accept(0.2, "wide interval")),
                "grounding", fixed("grounding", CheckResult.abstain("no citations"))), POOL);
        Ensemble.Outcome o = e.decide(null, policy(2, "closed"));
        assertThat(o.votes().get(1).verdict()).isEqualTo("abstain");
        assertThat(o.votes().get(1).reason()).contains("confidence 0.20 below 0.50");
        assertThat(o.decision()).isEqualTo("escalate");
    }

    @Test
    void policiesAreValidated() {
        assertThat(EnsemblePolicy.DEFAULT.problems()).isEmpty();
        assertThat(policy(4, "closed").problems()).anyMatch(p -> p.startsWith("n:"));
        assertThat(policy(2, "sometimes").problems()).anyMatch(p -> p.startsWith("fail_mode"));
        assertThat(new EnsemblePolicy(1, List.of("astrology"), Map.of(), Map.of(), "closed", 0.5, 0.3, 0.7, 0.6, 0.3, false, false)
                .problems()).anyMatch(p -> p.contains("unknown check 'astrology'"));
        assertThat(new EnsemblePolicy(2, List.of("recompute", "recompute", "recompute"), Map.of(), Map.of(), "closed", 0.5,
                0.3, 0.7, 0.6, 0.3, false, false).problems()).contains("checks: each check at most once");
    }

    private static String combine(List<String> verdicts, int n, String failMode) {
        List<EnsembleDecision.Vote> votes = verdicts.stream().map(v -> new EnsembleDecision.Vote("c", v, 1, 0, "")).toList();
        return Ensemble.combine(votes, policy(n, failMode));
    }
}
