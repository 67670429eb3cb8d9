package io.fractallba.pcs.decision;

import io.fractallba.pcs.canonical.PyFloat;
import io.fractallba.pcs.model.Pcs;

/**
 * The verification decision of docs/contract.md §4 as a pure function: first failing step wins. This is the reference
 * of the built-in policy {@code default@1}; the verifier decides through the policy engine (pcs-policy), whose
 * built-in document must agree with this on every golden vector, and the SDK and the ensemble use this directly.
 */
public final class PcsDecider {

    private PcsDecider() {
    }

    public static Outcome decide(Pcs pcs, Policy policy) {
        DecisionFacts f = DecisionFacts.of(pcs, policy);
        if (!f.wellFormed()) {
            return f.failure();
        }
        String policyId = policy.id();
        double dClaimed = f.claimedDHat();
        double cohClaimed = f.claimedCohStar();
        double budget = f.recomputedBudget();
        double dRecomputed = f.recomputedDHat();
        if (Math.abs(dClaimed - dRecomputed) > policy.tolD()) {
            return Outcome.flagged(ReasonCode.DHAT_OUT_OF_TOLERANCE,
                    "claimed D_hat " + PyFloat.repr(dClaimed) + " differs from recomputed " + PyFloat.repr(dRecomputed)
                            + " by more than " + policy.tolD(), dRecomputed, budget, null, policyId);
        }
        if (cohClaimed < 0 || cohClaimed > 1 + policy.tolCoh()) {
            return Outcome.flagged(ReasonCode.COH_STAR_OUT_OF_BOUNDS,
                    "coh_star " + PyFloat.repr(cohClaimed) + " outside [0, " + (1 + policy.tolCoh()) + "]",
                    dRecomputed, budget, null, policyId);
        }
        if (!f.recomputedRegime().equals(pcs.regime())) {
            return Outcome.flagged(ReasonCode.REGIME_MISMATCH,
                    "regime '" + pcs.regime() + "' but the signals give '" + f.recomputedRegime() + "'",
                    dRecomputed, budget, f.recomputedRegime(), policyId);
        }
        if (Math.abs(f.claimedBudget() - budget) > policy.budgetTolerance()) {
            return Outcome.flagged(ReasonCode.BUDGET_DEVIATION,
                    "budget " + PyFloat.repr(f.claimedBudget()) + " differs from " + PyFloat.repr(budget)
                            + " by more than " + policy.budgetTolerance(), dRecomputed, budget, null, policyId);
        }
        return Outcome.clean(dRecomputed, budget, policyId);
    }
}
