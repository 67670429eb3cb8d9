package io.fractallba.kafka;

import io.fractallba.pcs.event.BudgetCrossed;
import io.fractallba.pcs.event.CheckpointIssued;
import io.fractallba.pcs.event.EnsembleDecision;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.event.PcsVerified;
import io.fractallba.pcs.event.PolicyChange;
import io.fractallba.pcs.event.RiskScored;
import io.fractallba.pcs.event.UsageRecorded;
import io.fractallba.pcs.model.DeclaredUsage;
import io.fractallba.pcs.problem.Problem;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The suite's event envelopes and payloads (pcs-core), registered for reflection in every service's native build
 * (docs/native.md): each service writes and reads them with its own ObjectMapper, which Quarkus does not see, and
 * pcs-core, being plain Java, cannot carry the annotation. service-kafka is in every service and indexed (beans.xml).
 * NativeReflectionTest fails when a type Jackson binds is missing here or in a service's own list.
 */
@RegisterForReflection(targets = {
        BudgetCrossed.class,
        CheckpointIssued.class,
        EnsembleDecision.class,
        EnsembleDecision.Vote.class,
        EventEnvelope.class,
        PcsVerified.class,
        PcsVerified.FirstResponse.class,
        PcsVerified.PiiFlag.class,
        PcsVerified.PiiFlag.Finding.class,
        PcsVerified.VerifiedOutcome.class,
        PcsVerified.VerifierWork.class,
        PcsVerified.WalPosition.class,
        PolicyChange.class,
        PolicyChange.Rollout.class,
        RiskScored.class,
        UsageRecorded.class,
        DeclaredUsage.class,
        Problem.class
})
public final class EventTypesForReflection {

    private EventTypesForReflection() {
    }
}
