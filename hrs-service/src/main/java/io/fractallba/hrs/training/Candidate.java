package io.fractallba.hrs.training;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fractallba.ml.TrainedModel;

import java.util.List;

/**
 * A trained model with its evaluation on the held-out test split (train, calibration and test counts; the conformal
 * split's size; the tampered twins added to training; the columns the screen dropped), the same measures for the baselines, and — when a
 * model is active — the active model's measures on the same split, which promotion compares against; and the same
 * recipe fitted on the earliest 80% of the examples and measured on the latest 20% ({@code time_ordered}; null in
 * candidates stored before it existed, or without enough rows).
 */
public record Candidate(
        @JsonProperty("model") TrainedModel model,
        @JsonProperty("seed") long seed,
        @JsonProperty("data_hash") String dataHash,
        @JsonProperty("train_rows") int trainRows,
        @JsonProperty("calibration_rows") int calibrationRows,
        @JsonProperty("test_rows") int testRows,
        @JsonProperty("positive_rate") double positiveRate,
        @JsonProperty("evaluation") Evaluation evaluation,
        @JsonProperty("baselines") List<Evaluation> baselines,
        @JsonProperty("active") Evaluation active,
        @JsonProperty("training_deciles") double[][] trainingDeciles,
        @JsonProperty("training_shares") double[][] trainingShares,
        @JsonProperty("conformal_rows") int conformalRows,
        @JsonProperty("injected_tampering_rows") int injectedTamperingRows,
        @JsonProperty("dropped_columns") List<DroppedColumn> droppedColumns,
        @JsonProperty("auroc_gain_lower_bound") Double aurocGainLowerBound,
        @JsonProperty("groups") List<GroupAudit.Group> groups,
        @JsonProperty("time_ordered") Evaluation timeOrdered) {

    /** A column left out of the fit (constant or collinear in the training rows) and why. */
    public record DroppedColumn(@JsonProperty("column") String column, @JsonProperty("reason") String reason) {
    }

    /** The same candidate with other audit groups (what a caller may see of them). */
    public Candidate withGroups(List<GroupAudit.Group> visible) {
        return new Candidate(model, seed, dataHash, trainRows, calibrationRows, testRows, positiveRate, evaluation,
                baselines, active, trainingDeciles, trainingShares, conformalRows, injectedTamperingRows, droppedColumns,
                aurocGainLowerBound, visible, timeOrdered);
    }

    /**
     * Promotion rule ({@link PromotionRule}): no active model, or a better AUROC than the active model's on the same
     * test rows beyond their sampling noise (the bootstrap lower bound of the gain above 0) with neither calibration
     * nor coverage regressing. Candidates stored before the bound existed fall back to "strictly higher".
     */
    public boolean beatsActive() {
        if (active == null) {
            return true;
        }
        boolean ranksBetter = aurocGainLowerBound != null ? PromotionRule.beats(aurocGainLowerBound)
                : evaluation.auroc() > active.auroc();
        return ranksBetter && PromotionRule.regressions(evaluation, active).isEmpty();
    }
}
