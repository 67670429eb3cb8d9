package io.fractallba.policy;

import io.fractallba.policy.pii.PiiDetector;
import io.fractallba.policy.pii.PiiJsonScanner;
import io.fractallba.policy.pii.PiiKind;
import io.fractallba.policy.pii.PiiScan;

import java.util.EnumSet;
import java.util.Set;

/** A policy's PII screening, compiled: its mode and a scanner for the kinds it selected. Thread-safe. */
public final class PiiPolicy {

    public static final PiiPolicy OFF = new PiiPolicy(PiiMode.OFF, EnumSet.noneOf(PiiKind.class));
    /** Every kind redacted: for a stored submission whose deciding policy is no longer known (fail safe). */
    public static final PiiPolicy REDACT_ALL = new PiiPolicy(PiiMode.REDACT, EnumSet.allOf(PiiKind.class));

    private final PiiMode mode;
    private final Set<PiiKind> kinds;
    private final PiiJsonScanner scanner;

    PiiPolicy(PiiMode mode, Set<PiiKind> kinds) {
        this.mode = mode;
        this.kinds = Set.copyOf(kinds);
        this.scanner = mode == PiiMode.OFF ? null : new PiiJsonScanner(new PiiDetector(kinds));
    }

    public PiiMode mode() {
        return mode;
    }

    public Set<PiiKind> kinds() {
        return kinds;
    }

    public boolean screens() {
        return mode != PiiMode.OFF;
    }

    /** Scans (and, in redact mode, redacts) a submission's raw JSON; {@code null} when the policy screens nothing. */
    public PiiScan screen(byte[] json) {
        return switch (mode) {
            case OFF -> null;
            case REDACT -> scanner.redact(json);
            case DETECT, BLOCK -> scanner.scan(json);
        };
    }
}
