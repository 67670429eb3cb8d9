package io.fractallba.verifier.screening;

import io.fractallba.pcs.event.PcsVerified;

/** The {@code pii} member of a verified event: what the deciding policy's screening found, or null for nothing. */
public final class PiiFlags {

    private PiiFlags() {
    }

    public static PcsVerified.PiiFlag of(Screened s) {
        if (s.scan() == null || !s.scan().found()) {
            return null;
        }
        return new PcsVerified.PiiFlag(s.mode().wireName(), s.findings().stream()
                .map(f -> new PcsVerified.PiiFlag.Finding(f.kind().code(), f.detail(), f.path()))
                .toList());
    }
}
