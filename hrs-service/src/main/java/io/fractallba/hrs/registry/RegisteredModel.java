package io.fractallba.hrs.registry;

import io.fractallba.ml.TrainedModel;
import io.fractallba.hrs.training.Candidate;

/** A model version as the registry keeps it. */
public record RegisteredModel(String version, String status, String origin, TrainedModel model, Candidate evaluation,
                              byte[] onnx, String card, String previousActive) {
}
