package io.fractallba.pcs.decision;

/**
 * The decision for one PCS. {@code reasonCode}/{@code reason} are null when accepted cleanly;
 * {@code recomputedDHat} is null when the recompute could not run; {@code expectedRegime} is set on a mismatch.
 */
public record Outcome(boolean accepted, boolean escalated, ReasonCode reasonCode, String reason,
                      Double recomputedDHat, double recomputedBudget, String expectedRegime, String policyId) {

    /** HTTP status of docs/contract.md §5: 200 iff accepted and not escalated, otherwise 202. */
    public int httpStatus() {
        return accepted && !escalated ? 200 : 202;
    }

    static Outcome clean(double dHat, double budget, String policyId) {
        return new Outcome(true, false, null, null, dHat, budget, null, policyId);
    }

    static Outcome flagged(ReasonCode code, String reason, Double dHat, double budget, String expectedRegime,
                           String policyId) {
        return new Outcome(code.accepted(), true, code, reason, dHat, budget, expectedRegime, policyId);
    }
}
