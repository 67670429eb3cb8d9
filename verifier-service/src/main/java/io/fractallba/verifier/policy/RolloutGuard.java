package io.fractallba.verifier.policy;

import io.fractallba.pcs.event.PolicyChange;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * What a rollout does next from the measurements of its current step, summed over every replica (plain Java): abort
 * as soon as a guard is breached on enough submissions, advance (or complete, at the last step) once the step has
 * lasted its dwell time on enough submissions, else wait.
 *
 * <p>Guards: the candidate's escalation rate (escalated or rejected) may exceed the active version's by at most
 * {@code max_escalation_increase}; the share of submissions the two decide differently at most
 * {@code max_disagreement}; the candidate's evaluation errors at most {@code max_evaluation_errors}.
 */
final class RolloutGuard {

    enum Next { WAIT, ADVANCE, COMPLETE, ABORT }

    record Verdict(Next next, String why) {
    }

    static final String SUBMISSIONS = "submissions";
    static final String ACTIVE_ESCALATIONS = "active_escalations";
    static final String CANDIDATE_ESCALATIONS = "candidate_escalations";
    static final String DISAGREEMENTS = "disagreements";
    static final String CANDIDATE_ERRORS = "candidate_errors";

    private RolloutGuard() {
    }

    static Verdict next(PolicyCatalog.RolloutState r, Map<String, Long> m, Instant now) {
        PolicyChange.Rollout plan = r.plan();
        long n = m.getOrDefault(SUBMISSIONS, 0L);
        long errors = m.getOrDefault(CANDIDATE_ERRORS, 0L);
        if (errors > plan.maxEvaluationErrors()) {
            return new Verdict(Next.ABORT, String.format(Locale.ROOT,
                    "%d candidate evaluation error(s) at step %d (%d%%), more than the %d allowed", errors, r.step(),
                    r.percent(), plan.maxEvaluationErrors()));
        }
        if (n < plan.minSubmissions()) {
            return new Verdict(Next.WAIT, n + " of " + plan.minSubmissions() + " submissions measured");
        }
        double increase = (m.getOrDefault(CANDIDATE_ESCALATIONS, 0L) - m.getOrDefault(ACTIVE_ESCALATIONS, 0L))
                / (double) n;
        if (increase > plan.maxEscalationIncrease()) {
            return new Verdict(Next.ABORT, String.format(Locale.ROOT,
                    "escalation rate %.3f above the active version's at step %d (%d%%) over %d submissions, more than "
                            + "the %.3f allowed", increase, r.step(), r.percent(), n, plan.maxEscalationIncrease()));
        }
        double disagreement = m.getOrDefault(DISAGREEMENTS, 0L) / (double) n;
        if (disagreement > plan.maxDisagreement()) {
            return new Verdict(Next.ABORT, String.format(Locale.ROOT,
                    "the candidate decided %.3f of %d submissions differently at step %d (%d%%), more than the %.3f "
                            + "allowed", disagreement, n, r.step(), r.percent(), plan.maxDisagreement()));
        }
        Duration dwell = Duration.parse(plan.dwell());
        if (Duration.between(r.stepSince(), now).compareTo(dwell) < 0) {
            return new Verdict(Next.WAIT, "step " + r.step() + " dwells until " + r.stepSince().plus(dwell));
        }
        return r.lastStep() ? new Verdict(Next.COMPLETE, "every step held its guards")
                : new Verdict(Next.ADVANCE, String.format(Locale.ROOT, "step %d (%d%%) held its guards over %d "
                        + "submissions", r.step(), r.percent(), n));
    }
}
