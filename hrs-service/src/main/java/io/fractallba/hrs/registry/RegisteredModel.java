package io.fractallba.hrs.registry;

import io.fractallba.ml.TrainedModel;
import io.fractallba.hrs.training.Candidate;

/**
 * A model version as the registry keeps it; {@code synthetic} when it was trained on generated, not real, labels;
 * {@code featureSchema} the feature schema its columns are (only models of the current schema can score).
 */
public record RegisteredModel(String version, String status, String origin, TrainedModel model, Candidate evaluation,
                              byte[] onnx, String card, String previousActive, boolean synthetic, String featureSchema) {

    /** A model of the current feature schema. */
    public RegisteredModel(String version, String status, String origin, TrainedModel model, Candidate evaluation,
                           byte[] onnx, String card, String previousActive, boolean synthetic) {
        this(version, status, origin, model, evaluation, onnx, card, previousActive, synthetic,
                io.fractallba.hrs.features.FeatureSchema.VERSION);
    }

    /** Whether this model reads the vectors the service computes today. */
    public boolean currentSchema() {
        return io.fractallba.hrs.features.FeatureSchema.VERSION.equals(featureSchema);
    }
}
