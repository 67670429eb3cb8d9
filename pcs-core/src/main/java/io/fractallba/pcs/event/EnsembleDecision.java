package io.fractallba.pcs.event;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** Payload of {@code pcs.decision.v1}: every vote of the N-of-M ensemble and the final decision. */
public record EnsembleDecision(
        @JsonProperty("tenant") String tenant,
        @JsonProperty("pcs_id") String pcsId,
        @JsonProperty("policy") String policy,
        @JsonProperty("n") int n,
        @JsonProperty("m") int m,
        @JsonProperty("votes") List<Vote> votes,
        @JsonProperty("decision") String decision) {

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
