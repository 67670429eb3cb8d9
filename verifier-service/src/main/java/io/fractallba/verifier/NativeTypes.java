package io.fractallba.verifier;

import io.fractallba.policy.PolicyDocument;
import io.fractallba.policy.PolicyProblem;
import io.fractallba.policy.PolicySimulation;
import io.fractallba.verifier.replication.ApplyResult;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The verifier's types that Jackson binds outside REST endpoints, registered for its native build (docs/native.md):
 * policy documents and simulation reports (pcs-policy, plain Java), the catalog snapshot, replication results.
 * The events are registered by service-kafka's EventTypesForReflection; NativeReflectionTest checks both.
 */
@RegisterForReflection(targets = {
        PolicyDocument.class,
        PolicyDocument.Decision.class,
        PolicyDocument.Pii.class,
        PolicyDocument.Rule.class,
        PolicyDocument.Vrf.class,
        PolicyProblem.class,
        PolicySimulation.Confusion.class,
        PolicySimulation.Example.class,
        PolicySimulation.Labelled.class,
        ApplyResult.class
}, classNames = "io.fractallba.verifier.policy.CatalogSnapshot$Content")   // package-private there
public final class NativeTypes {

    private NativeTypes() {
    }
}
