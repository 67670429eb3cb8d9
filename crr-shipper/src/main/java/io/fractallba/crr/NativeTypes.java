package io.fractallba.crr;

import io.fractallba.crr.divergence.AuditCrossCheck;
import io.fractallba.crr.divergence.Divergence;
import io.fractallba.crr.ship.PeerShipper;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The crr-shipper's own types that Jackson binds (divergence reports, cross-checks and shipping status), registered for its native build (docs/native.md); the
 * events are registered by service-kafka's EventTypesForReflection. NativeReflectionTest checks both.
 */
@RegisterForReflection(targets = {
        AuditCrossCheck.Result.class,
        AuditCrossCheck.Side.class,
        Divergence.class,
        Divergence.Conflict.class,
        PeerShipper.Status.class
})
public final class NativeTypes {

    private NativeTypes() {
    }
}
