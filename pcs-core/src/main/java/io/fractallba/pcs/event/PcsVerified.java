package io.fractallba.pcs.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fractallba.pcs.model.DeclaredUsage;

/**
 * Payload of {@code pcs.verified.v1} (type {@code pcs.verified}, version 1). {@code pcsRaw} is the request body
 * exactly as received, so any consumer can re-parse or re-verify it; unknown agent fields travel with it.
 * {@code region} is the region that accepted the submission; {@code replicatedFrom} is set (to the sending region)
 * only on an event a region published for a record another region shipped to it (docs/crr.md). Its effects are then
 * this region's copy of that record: once per region, marked as replicated.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PcsVerified(
        @JsonProperty("tenant") String tenant,
        @JsonProperty("pcs_id") String pcsId,
        @JsonProperty("received_at") String receivedAt,
        @JsonProperty("region") String region,
        @JsonProperty("pcs_raw") String pcsRaw,
        @JsonProperty("outcome") VerifiedOutcome outcome,
        @JsonProperty("key_id") String keyId,
        @JsonProperty("policy") String policy,
        @JsonProperty("wal") WalPosition wal,
        @JsonProperty("usage") DeclaredUsage usage,
        @JsonProperty("response") FirstResponse response,
        @JsonProperty("work") VerifierWork work,
        @JsonProperty("replicated_from") String replicatedFrom,
        @JsonProperty("pii") PiiFlag pii) {

    public static final String TYPE = "pcs.verified";

    /** An event without PII findings (the verifier's policy screened nothing, or found nothing). */
    public PcsVerified(String tenant, String pcsId, String receivedAt, String region, String pcsRaw,
                       VerifiedOutcome outcome, String keyId, String policy, WalPosition wal, DeclaredUsage usage,
                       FirstResponse response, VerifierWork work, String replicatedFrom) {
        this(tenant, pcsId, receivedAt, region, pcsRaw, outcome, keyId, policy, wal, usage, response, work,
                replicatedFrom, null);
    }

    /**
     * What the deciding policy's PII screening found in what the agent attached (docs/policies.md, "PII"): its mode
     * ({@code detect} or {@code redact}: with {@code redact}, {@code pcs_raw} already has the findings replaced) and
     * each finding's kind and JSON path — never the value.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PiiFlag(@JsonProperty("mode") String mode, @JsonProperty("findings") java.util.List<Finding> findings) {
        public record Finding(@JsonProperty("kind") String kind, @JsonProperty("detail") String detail,
                              @JsonProperty("path") String path) {
        }
    }

    /** The same event as this region's copy of a record shipped from {@code from}, its first response stored as {@code origin}. */
    public PcsVerified replicated(String from, String origin) {
        return new PcsVerified(tenant, pcsId, receivedAt, region, pcsRaw, outcome, keyId, policy, wal, usage,
                new FirstResponse(origin, response.status(), response.body()), work, from, pii);
    }

    /** True when this event is a region's copy of a record accepted in another region (not a JSON property). */
    @JsonIgnore
    public boolean isReplicated() {
        return replicatedFrom != null;
    }
    public static final int VERSION = 1;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VerifiedOutcome(
            @JsonProperty("status") int status,
            @JsonProperty("accepted") boolean accepted,
            @JsonProperty("escalated") boolean escalated,
            @JsonProperty("reason_code") String reasonCode,
            @JsonProperty("reason") String reason,
            @JsonProperty("recomputed_D_hat") Double recomputedDHat,
            @JsonProperty("recomputed_budget") Double recomputedBudget) {
    }

    public record WalPosition(@JsonProperty("segment") long segment, @JsonProperty("offset") long offset) {
    }

    /**
     * The response the verifier answered and replays to duplicates, byte for byte ({@code body} is its UTF-8 JSON);
     * {@code origin} names the WAL record that wrote it. The dedup-service keeps it durable beyond the hot tier.
     */
    public record FirstResponse(@JsonProperty("origin") String origin, @JsonProperty("status") int status,
                                @JsonProperty("body") String body) {
    }

    /** What the verifier spent on this submission: CPU time of its processing thread, and the bytes it logged. */
    public record VerifierWork(@JsonProperty("cpu_us") long cpuMicros, @JsonProperty("wal_bytes") long walBytes) {
    }
}
