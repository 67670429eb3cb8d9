package io.fractallba.pcs.decision;

import io.fractallba.pcs.canonical.PyFloat;
import io.fractallba.pcs.model.Pcs;

/**
 * What the verifier re-derives from a PCS before any rule looks at it (docs/contract.md §4 steps 1–2 and the values
 * steps 3–6 compare against): the structure check, the D̂ recompute, the budget formula and the regime the signals give.
 * The claimed signals are rounded to 9 decimals, as they are signed and as the contract compares them.
 *
 * <p>Steps 1–2 are not policy: a PCS that fails them is rejected whatever a tenant's rules say, because nothing a rule
 * could compare is defined for it. {@link #failure()} is that outcome, or null when the rules may run.
 */
public record DecisionFacts(double claimedDHat, double claimedCohStar, double claimedBudget,
                            double recomputedBudget, Double recomputedDHat, String recomputedRegime,
                            Outcome failure) {

    public static DecisionFacts of(Pcs pcs, Policy constants) {
        double dClaimed = PyFloat.round9(pcs.dHat());
        double cohClaimed = PyFloat.round9(pcs.cohStar());
        double budgetClaimed = PyFloat.round9(pcs.budget());
        double budget = SignalFormulas.budget(pcs.dHat(), pcs.cohStar(), pcs.r(), constants);
        String regime = SignalFormulas.regime(dClaimed, cohClaimed, constants).wireName();
        String policyId = constants.id();

        String violation = StructureRules.firstViolation(pcs, constants);
        if (violation != null) {
            return new DecisionFacts(dClaimed, cohClaimed, budgetClaimed, budget, null, regime,
                    Outcome.flagged(ReasonCode.VALIDATION_FAILED, violation, null, budget, null, policyId));
        }
        DHatEstimator.Estimate estimate = DHatEstimator.estimate(pcs.scales(), pcs.nj());
        if (!estimate.ok()) {
            return new DecisionFacts(dClaimed, cohClaimed, budgetClaimed, budget, null, regime,
                    Outcome.flagged(ReasonCode.DHAT_RECOMPUTE_FAILED, estimate.failure(), null, budget, null,
                            policyId));
        }
        return new DecisionFacts(dClaimed, cohClaimed, budgetClaimed, budget, estimate.value(), regime, null);
    }

    /** True when steps 1–2 passed and the rules may run. */
    public boolean wellFormed() {
        return failure == null;
    }

    /** The same structural failure, named for the policy that would have decided. */
    public Outcome failureUnder(String policyId) {
        return new Outcome(failure.accepted(), failure.escalated(), failure.reasonCode(), failure.reason(),
                failure.recomputedDHat(), failure.recomputedBudget(), failure.expectedRegime(), policyId);
    }
}
