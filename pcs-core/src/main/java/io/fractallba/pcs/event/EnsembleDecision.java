package io.fractallba.pcs.event;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Payload of {@code pcs.decision.v1}: every vote of the N-of-M ensemble and the final decision. {@code disagreement}
 * (absent when none) says why the audit log records this decision: {@code split-votes} (a check accepted and another
 * rejected), {@code differs-from-verifier} (the decision is not the verifier's accept/escalate), or both, comma-separated.
 */
public record EnsembleDecision(
        @JsonProperty("tenant") String tenant,
        @JsonProperty("pcs_id") String pcsId,
        @JsonProperty("policy") String policy,
        @JsonProperty("n") int n,
        @JsonProperty("m") int m,
        @JsonProperty("votes") List<Vote> votes,
        @JsonProperty("decision") String decision,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        @JsonProperty("disagreement") String disagreement) {

    public static final String TYPE = "pcs.decision";
    public static final int VERSION = 1;

    /** {@code verdict}: accept, reject or abstain; {@code reason} explains abstentions and errors. */
    public record Vote(
            @JsonProperty("check") String check,
            @JsonProperty("verdict") String verdict,
            @JsonProperty("confidence") double confidence,
            @JsonProperty("latency_ms") double latencyMs,
            @JsonProperty("reason") String reason) {
    }
}
