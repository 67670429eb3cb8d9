package io.fractallba.pcs.event;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * Payload of {@code pcs.risk.v1}: a calibrated risk score with its interval and per-feature contributions.
 *
 * <p>{@code status} says whether there is a score at all: {@value #SCORED}, or {@value #NO_MODEL} when the hrs-service
 * has no model to score with (no model trained on labels yet and no synthetic bootstrap). A {@code no_model} event
 * carries the values that say nothing — score 0.5, interval [0, 1], coverage target 1, model version {@code none}, no
 * contributions — so a reader that predates {@code status} sees a maximally uncertain score; readers must check it.
 * {@code synthetic} is true when the model that scored was trained on the synthetic data set, not on real labels.
 * Both were added after version 1 shipped: an event without them was scored by a model of unknown origin.
 */
public record RiskScored(
        @JsonProperty("tenant") String tenant,
        @JsonProperty("pcs_id") String pcsId,
        @JsonProperty("score") double score,
        @JsonProperty("interval_low") double intervalLow,
        @JsonProperty("interval_high") double intervalHigh,
        @JsonProperty("coverage_target") double coverageTarget,
        @JsonProperty("model_version") String modelVersion,
        @JsonProperty("contributions") Map<String, Double> contributions,
        @JsonProperty("status") String status,
        @JsonProperty("synthetic") boolean synthetic) {

    public static final String TYPE = "pcs.risk";
    public static final int VERSION = 1;
    public static final String SCORED = "scored";
    public static final String NO_MODEL = "no_model";
    /** The model version a {@code no_model} event names. */
    public static final String NONE = "none";

    /** A "no model" answer for a submission (see the class comment). */
    public static RiskScored noModel(String tenant, String pcsId) {
        return new RiskScored(tenant, pcsId, 0.5, 0.0, 1.0, 1.0, NONE, Map.of(), NO_MODEL, false);
    }
}
