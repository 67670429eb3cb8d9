package io.fractallba.ensemble.check;

import io.fractallba.ensemble.policy.EnsemblePolicy;

import java.util.Locale;

/**
 * The hrs-service's risk against the policy's band: a score at or under {@code riskAcceptMax} accepts, at or over
 * {@code riskRejectMin} rejects, in between abstains. The score is a calibrated probability that the submission would
 * be labelled risky, so the confidence of an accept is 1 − score and of a reject the score itself; when the whole
 * conformal interval lies on the vote's side of the band the confidence is 1. Without a risk event (late or missing),
 * or when the hrs-service answered "no model" or with a status this reader does not know, it abstains. A vote from a model trained on synthetic data says so in
 * its reason.
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
        if (r.unknownStatus()) {
            return CheckResult.abstain("risk event with status '" + r.status() + "', which this ensemble does not "
                    + "understand: not read as a score");
        }
        if (!r.scored()) {
            return CheckResult.notApplicable("no model: the hrs-service has no model trained on labels yet");
        }
        String origin = r.synthetic() == null ? " (model origin not stated)"
                : r.synthetic() ? " (synthetic model)" : "";
        String why = String.format(Locale.ROOT, "risk %.3f [%.3f, %.3f] by %s%s", r.score(), r.low(), r.high(),
                r.modelVersion(), origin);
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
