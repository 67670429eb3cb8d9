package io.fractallba.pcs.decision;

/**
 * The decision for one PCS. {@code reasonCode}/{@code reason} are null when accepted cleanly; the code is one of
 * {@link ReasonCode} or one a tenant's policy declares (docs/policies.md). {@code recomputedDHat} is null when the
 * recompute could not run; {@code expectedRegime} is set when the deciding rule compared the regime.
 */
public record Outcome(boolean accepted, boolean escalated, String reasonCode, String reason,
                      Double recomputedDHat, double recomputedBudget, String expectedRegime, String policyId) {

    /** HTTP status of docs/contract.md §5: 200 iff accepted and not escalated, otherwise 202. */
    public int httpStatus() {
        return accepted && !escalated ? 200 : 202;
    }

    /** True when this outcome carries the given built-in reason. */
    public boolean is(ReasonCode code) {
        return code.code().equals(reasonCode);
    }

    public static Outcome clean(double dHat, double budget, String policyId) {
        return new Outcome(true, false, null, null, dHat, budget, null, policyId);
    }

    static Outcome flagged(ReasonCode code, String reason, Double dHat, double budget, String expectedRegime,
                           String policyId) {
        return new Outcome(code.accepted(), true, code.code(), reason, dHat, budget, expectedRegime, policyId);
    }
}
