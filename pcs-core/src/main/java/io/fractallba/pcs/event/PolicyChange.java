package io.fractallba.pcs.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Payload of {@code policy.changes.v1} (docs/policies.md): a verification policy published for a tenant, or a version
 * made active (by activation or by rollback). The topic is keyed by tenant, so one tenant's changes are in order, and
 * kept forever: every verifier replica reads it from the start into memory, and the audit-service logs every change.
 *
 * @param action   {@code published}, {@code activated}, {@code rolled_back}, or a step of a staged rollout:
 *                 {@code rollout_started}, {@code rollout_advanced}, {@code rollout_completed} (the candidate is
 *                 active), {@code rollout_aborted} (the previous version stays active)
 * @param policy   the version concerned, {@code name@version}
 * @param previous the version active before an activation or rollback (null when it was the built-in)
 * @param document the published document's JSON (published only)
 * @param sha256   hex SHA-256 of the document's JSON as published
 * @param by       who made the change (the token's subject, or {@code rollout-controller})
 * @param rollout  the staged rollout's plan, its step and what was measured (rollout actions only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyChange(
        @JsonProperty("tenant") String tenant,
        @JsonProperty("action") String action,
        @JsonProperty("policy") String policy,
        @JsonProperty("previous") String previous,
        @JsonProperty("document") String document,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("by") String by,
        @JsonProperty("at") String at,
        @JsonProperty("reason") String reason,
        @JsonProperty("rollout") Rollout rollout) {

    public PolicyChange(String tenant, String action, String policy, String previous, String document, String sha256,
                        String by, String at, String reason) {
        this(tenant, action, policy, previous, document, sha256, by, at, reason, null);
    }

    /**
     * A staged rollout (docs/policies.md, "Canary rollout"): the share of submissions (percent, by a stable hash of
     * pcs_id) the candidate decides at each step, 0 meaning shadow; how long each step lasts at least; the guards that
     * roll it back; the step this change concerns and the measurements of the step just finished. {@code id} names
     * one rollout: a change of another rollout (a stale or concurrent writer) is ignored by every reader.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rollout(
            @JsonProperty("id") String id,
            @JsonProperty("steps") java.util.List<Integer> steps,
            @JsonProperty("step") Integer step,
            @JsonProperty("dwell") String dwell,
            @JsonProperty("min_submissions") Long minSubmissions,
            @JsonProperty("max_escalation_increase") Double maxEscalationIncrease,
            @JsonProperty("max_disagreement") Double maxDisagreement,
            @JsonProperty("max_evaluation_errors") Long maxEvaluationErrors,
            @JsonProperty("measured") java.util.Map<String, Long> measured) {

        public Rollout atStep(int next, java.util.Map<String, Long> measuredThen) {
            return new Rollout(id, steps, next, dwell, minSubmissions, maxEscalationIncrease, maxDisagreement,
                    maxEvaluationErrors, measuredThen);
        }
    }

    public static final String TYPE = "policy.change";
    public static final int VERSION = 1;

    public static final String PUBLISHED = "published";
    public static final String ACTIVATED = "activated";
    public static final String ROLLED_BACK = "rolled_back";
    public static final String ROLLOUT_STARTED = "rollout_started";
    public static final String ROLLOUT_ADVANCED = "rollout_advanced";
    public static final String ROLLOUT_COMPLETED = "rollout_completed";
    public static final String ROLLOUT_ABORTED = "rollout_aborted";
}
