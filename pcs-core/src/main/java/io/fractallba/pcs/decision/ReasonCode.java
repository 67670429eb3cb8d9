package io.fractallba.pcs.decision;

/** Machine reason codes of docs/contract.md §4, in the order the steps run. */
public enum ReasonCode {
    VALIDATION_FAILED("validation_failed", false),
    DHAT_RECOMPUTE_FAILED("dhat_recompute_failed", false),
    DHAT_OUT_OF_TOLERANCE("dhat_out_of_tolerance", false),
    COH_STAR_OUT_OF_BOUNDS("coh_star_out_of_bounds", false),
    REGIME_MISMATCH("regime_mismatch", true),
    BUDGET_DEVIATION("budget_deviation", true);

    private final String code;
    private final boolean accepted;

    ReasonCode(String code, boolean accepted) {
        this.code = code;
        this.accepted = accepted;
    }

    public String code() {
        return code;
    }

    /** Steps 1–4 reject; steps 5–6 accept but escalate. */
    public boolean accepted() {
        return accepted;
    }
}
