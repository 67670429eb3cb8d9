package io.fractallba.dedup;

import io.fractallba.dedup.digest.RecordDigests;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The dedup-service's own types that Jackson binds (record digests), registered for its native build (docs/native.md); the
 * events are registered by service-kafka's EventTypesForReflection. NativeReflectionTest checks both.
 */
@RegisterForReflection(targets = {
        RecordDigests.Digest.class,
        RecordDigests.KeyOutcome.class
})
public final class NativeTypes {

    private NativeTypes() {
    }
}
