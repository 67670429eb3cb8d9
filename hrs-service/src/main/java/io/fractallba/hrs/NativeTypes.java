package io.fractallba.hrs;

import io.fractallba.hrs.runtime.ServingModels;
import io.fractallba.hrs.training.Candidate;
import io.fractallba.hrs.training.Evaluation;
import io.fractallba.hrs.training.GroupAudit;
import io.fractallba.ml.TrainedModel;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The hrs-service's own types that Jackson binds (served models, training candidates and evaluations), registered for its native build (docs/native.md); the
 * events are registered by service-kafka's EventTypesForReflection. NativeReflectionTest checks both.
 */
@RegisterForReflection(targets = {
        ServingModels.Served.class,
        Candidate.class,
        Candidate.DroppedColumn.class,
        Evaluation.class,
        GroupAudit.Group.class,
        TrainedModel.class   // service-ml, stored in the registry as JSON without annotations
})
public final class NativeTypes {

    private NativeTypes() {
    }
}
