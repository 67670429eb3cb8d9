package io.fractallba.pcs.event;

import java.util.List;

/** Kafka topics of the suite (docs/architecture.md); every topic has a {@code .dlq} sibling for poison messages. */
public final class Topics {

    public static final String PCS_VERIFIED = "pcs.verified.v1";
    public static final String PCS_RISK = "pcs.risk.v1";
    public static final String PCS_DECISION = "pcs.decision.v1";
    public static final String COST_USAGE = "cost.usage.v1";
    public static final String COST_BUDGET = "cost.budget.v1";
    public static final String AUDIT_CHECKPOINT = "audit.checkpoint.v1";
    /** Verification policies per tenant (docs/policies.md): keyed by tenant, never compacted or expired. */
    public static final String POLICY_CHANGES = "policy.changes.v1";

    public static final List<String> ALL = List.of(PCS_VERIFIED, PCS_RISK, PCS_DECISION, COST_USAGE, COST_BUDGET,
            AUDIT_CHECKPOINT, POLICY_CHANGES);

    private Topics() {
    }

    public static String dlq(String topic) {
        return topic + ".dlq";
    }

    /** Message key for per-submission topics: {@code tenant/pcs_id}, so one submission's events share a partition. */
    public static String submissionKey(String tenant, String pcsId) {
        return tenant + "/" + pcsId;
    }
}
