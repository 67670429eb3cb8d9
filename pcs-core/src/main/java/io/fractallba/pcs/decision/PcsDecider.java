package io.fractallba.pcs.decision;

import io.fractallba.pcs.canonical.PyFloat;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.pcs.model.Regime;

/** The verification decision of docs/contract.md §4 as a pure function: first failing step wins. */
public final class PcsDecider {

    private PcsDecider() {
    }

    public static Outcome decide(Pcs pcs, Policy policy) {
        double dClaimed = PyFloat.round9(pcs.dHat());
        double cohClaimed = PyFloat.round9(pcs.cohStar());
        double budget = SignalFormulas.budget(pcs.dHat(), pcs.cohStar(), pcs.r(), policy);
        String policyId = policy.id();

        String violation = StructureRules.firstViolation(pcs, policy);
        if (violation != null) {
            return Outcome.flagged(ReasonCode.VALIDATION_FAILED, violation, null, budget, null, policyId);
        }
        DHatEstimator.Estimate estimate = DHatEstimator.estimate(pcs.scales(), pcs.nj());
        if (!estimate.ok()) {
            return Outcome.flagged(ReasonCode.DHAT_RECOMPUTE_FAILED, estimate.failure(), null, budget, null, policyId);
        }
        double dRecomputed = estimate.value();
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
        Regime expected = SignalFormulas.regime(dClaimed, cohClaimed, policy);
        if (!expected.wireName().equals(pcs.regime())) {
            return Outcome.flagged(ReasonCode.REGIME_MISMATCH,
                    "regime '" + pcs.regime() + "' but the signals give '" + expected.wireName() + "'",
                    dRecomputed, budget, expected.wireName(), policyId);
        }
        double budgetClaimed = PyFloat.round9(pcs.budget());
        if (Math.abs(budgetClaimed - budget) > policy.budgetTolerance()) {
            return Outcome.flagged(ReasonCode.BUDGET_DEVIATION,
                    "budget " + PyFloat.repr(budgetClaimed) + " differs from " + PyFloat.repr(budget)
                            + " by more than " + policy.budgetTolerance(), dRecomputed, budget, null, policyId);
        }
        return Outcome.clean(dRecomputed, budget, policyId);
    }
}
