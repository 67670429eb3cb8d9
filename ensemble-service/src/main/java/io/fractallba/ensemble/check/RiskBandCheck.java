package io.fractallba.ensemble.check;

import io.fractallba.ensemble.policy.EnsemblePolicy;

import java.util.Locale;

/**
 * The hrs-service's risk against the policy's band: whole interval at or under {@code riskAcceptMax} → accept, whole
 * interval at or over {@code riskRejectMin} → reject; otherwise the score decides only if it is outside the band,
 * with a confidence that shrinks with the interval's width. Without a risk event (late or missing) it abstains.
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
        double confidence = Math.max(0, 1 - (r.high() - r.low()));
        String why = String.format(Locale.ROOT, "risk %.3f [%.3f, %.3f] by %s", r.score(), r.low(), r.high(), r.modelVersion());
        if (r.high() <= p.riskAcceptMax()) {
            return CheckResult.accept(1.0, why);
        }
        if (r.low() >= p.riskRejectMin()) {
            return CheckResult.reject(1.0, why);
        }
        if (r.score() <= p.riskAcceptMax()) {
            return CheckResult.accept(confidence, why);
        }
        if (r.score() >= p.riskRejectMin()) {
            return CheckResult.reject(confidence, why);
        }
        return CheckResult.abstain("risk in the uncertain band: " + why);
    }
}
