package io.fractallba.ensemble.check;

import io.fractallba.ensemble.policy.EnsemblePolicy;
import io.fractallba.pcs.decision.Outcome;
import io.fractallba.pcs.decision.PcsDecider;
import io.fractallba.pcs.decision.Policy;

/**
 * Signal recompute: the verifier's own decision procedure from pcs-core (D̂ recomputed from N_j with its sorted-slope
 * estimator, regime and budget from the signals), not a second copy. Accepts what it accepts without escalation.
 */
public final class RecomputeCheck implements Check {

    @Override
    public String name() {
        return "recompute";
    }

    @Override
    public CheckResult vote(Subject s, EnsemblePolicy policy) {
        Outcome o = PcsDecider.decide(s.pcs(), Policy.DEFAULT_V1);
        if (o.accepted() && !o.escalated()) {
            return CheckResult.accept(1.0, "signals recompute (D̂ " + o.recomputedDHat() + ")");
        }
        return CheckResult.reject(1.0, o.reasonCode() == null ? "not accepted" : o.reasonCode() + ": " + o.reason());
    }
}
