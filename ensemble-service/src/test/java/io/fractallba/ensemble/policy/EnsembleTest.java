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
    void nOfMCombinesTheVotesBehindAnAcceptingGateInBothFailModes() {
        // recompute accepts (the gate is open); then hrs and grounding vote, N of them.
        assertThat(combine("accept", List.of("accept", "accept"), 2, "closed")).isEqualTo("accept");
        assertThat(combine("accept", List.of("reject", "reject"), 2, "closed")).isEqualTo("reject");
        assertThat(combine("accept", List.of("accept", "reject"), 2, "closed")).isEqualTo("escalate");
        assertThat(combine("accept", List.of("accept", "abstain"), 2, "closed")).isEqualTo("escalate");
        assertThat(combine("accept", List.of("accept", "abstain"), 2, "open")).isEqualTo("accept");
        assertThat(combine("accept", List.of("abstain", "abstain"), 2, "open")).as("the gate's accept is a real accept")
                .isEqualTo("accept");
        EnsemblePolicy noGate = new EnsemblePolicy(2, List.of("hrs", "grounding"), Map.of(), Map.of(), "open", 0.5, 0.3,
                0.7, 0.6, 0.3, false, false);
        assertThat(Ensemble.combine(List.of(new EnsembleDecision.Vote("hrs", "abstain", 0, 0, ""),
                new EnsembleDecision.Vote("grounding", "abstain", 0, 0, "")), noGate)).as("no real accept without a gate")
                .isEqualTo("escalate");
        assertThat(combine("accept", List.of("reject", "abstain"), 1, "closed")).isEqualTo("reject");
        assertThat(combine("accept", List.of("accept", "reject"), 1, "closed")).as("a tie decides nothing")
                .isEqualTo("escalate");
    }

    @Test
    void recomputeIsAGateNotAVote() {
        // Its reject rejects whatever the others say; its abstention escalates; its accept is not counted toward N.
        assertThat(combine("reject", List.of("accept", "accept"), 2, "closed")).isEqualTo("reject");
        assertThat(combine("abstain", List.of("accept", "accept"), 2, "open")).isEqualTo("escalate");
        assertThat(combine("accept", List.of("accept", "abstain"), 2, "closed"))
                .as("before, recompute's accept made this 2 of 3").isEqualTo("escalate");
        assertThat(EnsemblePolicy.DEFAULT.withN(3).problems()).anyMatch(p -> p.startsWith("n:"));
    }

    @Test
    void checksThatDoNotApplyDoNotCountTowardN() {
        // No text to ground: hrs alone applies, so 2 of 2 becomes 1 of 1.
        assertThat(combine("accept", List.of("accept", "not_applicable"), 2, "closed")).isEqualTo("accept");
        assertThat(combine("accept", List.of("reject", "not_applicable"), 2, "closed")).isEqualTo("reject");
        // An abstention does count: hrs uncertain, grounding inapplicable: nothing decided.
        assertThat(combine("accept", List.of("abstain", "not_applicable"), 2, "closed")).isEqualTo("escalate");
        // Nothing applies (no model, no text): the gate alone cannot accept failing closed, it can failing open.
        assertThat(combine("accept", List.of("not_applicable", "not_applicable"), 2, "closed")).isEqualTo("escalate");
        assertThat(combine("accept", List.of("not_applicable", "not_applicable"), 2, "open")).isEqualTo("accept");
    }

    @Test
    void weightsMakeAVoteCountMore() {
        EnsemblePolicy weighted = new EnsemblePolicy(2, List.of("recompute", "hrs", "grounding"), Map.of("hrs", 2.0),
                Map.of(), "closed", 0.5, 0.3, 0.7, 0.6, 0.3, false, false);
        List<EnsembleDecision.Vote> votes = List.of(new EnsembleDecision.Vote("recompute", "accept", 1, 0, ""),
                new EnsembleDecision.Vote("hrs", "accept", 1, 0, ""), new EnsembleDecision.Vote("grounding", "abstain", 0, 0, ""));
        assertThat(Ensemble.combine(votes, weighted)).as("hrs alone weighs 2").isEqualTo("accept");
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
        assertThat(policy(3, "closed").problems()).anyMatch(p -> p.startsWith("n:"));
        assertThat(policy(2, "sometimes").problems()).anyMatch(p -> p.startsWith("fail_mode"));
        assertThat(new EnsemblePolicy(1, List.of("astrology"), Map.of(), Map.of(), "closed", 0.5, 0.3, 0.7, 0.6, 0.3, false, false)
                .problems()).anyMatch(p -> p.contains("unknown check 'astrology'"));
        assertThat(new EnsemblePolicy(2, List.of("recompute", "recompute", "recompute"), Map.of(), Map.of(), "closed", 0.5,
                0.3, 0.7, 0.6, 0.3, false, false).problems()).contains("checks: each check at most once");
    }

    /** recompute's verdict, then hrs's and grounding's. */
    private static String combine(String gate, List<String> verdicts, int n, String failMode) {
        List<EnsembleDecision.Vote> votes = new java.util.ArrayList<>();
        votes.add(new EnsembleDecision.Vote("recompute", gate, 1, 0, ""));
        votes.add(new EnsembleDecision.Vote("hrs", verdicts.get(0), 1, 0, ""));
        votes.add(new EnsembleDecision.Vote("grounding", verdicts.get(1), 1, 0, ""));
        return Ensemble.combine(votes, policy(n, failMode));
    }
}
