package io.fractallba.pcs.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Payload of {@code policy.changes.v1} (docs/policies.md): a verification policy published for a tenant, or a version
 * made active (by activation or by rollback). The topic is keyed by tenant, so one tenant's changes are in order, and
 * kept forever: every verifier replica reads it from the start into memory, and the audit-service logs every change.
 *
 * @param action   {@code published}, {@code activated} or {@code rolled_back}
 * @param policy   the version concerned, {@code name@version}
 * @param previous the version active before an activation or rollback (null when it was the built-in)
 * @param document the published document's JSON (published only)
 * @param sha256   hex SHA-256 of the document's JSON as published
 * @param by       who made the change (the token's subject)
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
        @JsonProperty("reason") String reason) {

    public static final String TYPE = "policy.change";
    public static final int VERSION = 1;

    public static final String PUBLISHED = "published";
    public static final String ACTIVATED = "activated";
    public static final String ROLLED_BACK = "rolled_back";
}
