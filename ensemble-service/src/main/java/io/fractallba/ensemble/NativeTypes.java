package io.fractallba.ensemble;

import io.fractallba.ensemble.policy.CheckAccuracy;
import io.fractallba.ensemble.policy.EnsemblePolicy;
import io.fractallba.ml.TrainedModel;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The ensemble-service's own types that Jackson binds (ensemble policies), registered for its native build (docs/native.md); the
 * events are registered by service-kafka's EventTypesForReflection. NativeReflectionTest checks both.
 */
@RegisterForReflection(targets = {
        CheckAccuracy.class,
        EnsemblePolicy.class,
        TrainedModel.class   // service-ml, the micro-vote model, plain record
})
public final class NativeTypes {

    private NativeTypes() {
    }
}
