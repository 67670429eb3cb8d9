package io.fractallba.ensemble.check;

import io.fractallba.ensemble.policy.EnsemblePolicy;

import java.util.Locale;

/**
 * The hrs-service's risk against the policy's band: a score at or under {@code riskAcceptMax} accepts, at or over
 * {@code riskRejectMin} rejects, in between abstains. The score is a calibrated probability of a hallucination, so the
 * confidence of an accept is 1 − score and of a reject the score itself; when the whole conformal interval lies on
 * the vote's side of the band the confidence is 1. Without a risk event (late or missing) it abstains.
 */
public final class RiskBandCheck implements Check {

    @Override
    public String name() {
        return "hrs";
    }

    @Override
    public CheckResult vote(Subject s, EnsemblePolicy p) {
        Subject.Risk r = s.risk();
        if (r == null) {
            return CheckResult.abstain("no risk score arrived within the join wait");
        }
        String why = String.format(Locale.ROOT, "risk %.3f [%.3f, %.3f] by %s", r.score(), r.low(), r.high(), r.modelVersion());
        if (r.high() <= p.riskAcceptMax()) {
            return CheckResult.accept(1.0, why);
        }
        if (r.low() >= p.riskRejectMin()) {
            return CheckResult.reject(1.0, why);
        }
        if (r.score() <= p.riskAcceptMax()) {
            return CheckResult.accept(1 - r.score(), why);
        }
        if (r.score() >= p.riskRejectMin()) {
            return CheckResult.reject(r.score(), why);
        }
        return CheckResult.abstain("risk in the uncertain band: " + why);
    }
}
