package io.fractallba.pcs.event;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/** Payload of {@code pcs.risk.v1}: a calibrated risk score with its interval and per-feature contributions. */
public record RiskScored(
        @JsonProperty("tenant") String tenant,
        @JsonProperty("pcs_id") String pcsId,
        @JsonProperty("score") double score,
        @JsonProperty("interval_low") double intervalLow,
        @JsonProperty("interval_high") double intervalHigh,
        @JsonProperty("coverage_target") double coverageTarget,
        @JsonProperty("model_version") String modelVersion,
        @JsonProperty("contributions") Map<String, Double> contributions) {

    public static final String TYPE = "pcs.risk";
    public static final int VERSION = 1;
}
