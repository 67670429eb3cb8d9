package io.fractallba.policy.pii;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The outcome of scanning one document: what was found where (each kind/detail/path once, in document order) and,
 * for a redaction that replaced anything, the redacted bytes. {@code redacted} is null for a detect-only scan and when
 * nothing was redacted (no findings, or only findings in signed fields, which are never redacted).
 */
public record PiiScan(List<PiiFinding> findings, byte[] redacted) {

    public PiiScan {
        findings = List.copyOf(findings);
    }

    public boolean found() {
        return !findings.isEmpty();
    }

    public Set<PiiKind> kinds() {
        Set<PiiKind> kinds = EnumSet.noneOf(PiiKind.class);
        for (PiiFinding f : findings) {
            kinds.add(f.kind());
        }
        return kinds;
    }

    /** Whether something was found in the signed payload: a redacting caller must refuse the document instead. */
    public boolean inSignedField() {
        for (PiiFinding f : findings) {
            if (f.signed()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PiiScan other && findings.equals(other.findings) && Arrays.equals(redacted, other.redacted);
    }

    @Override
    public int hashCode() {
        return 31 * findings.hashCode() + Arrays.hashCode(redacted);
    }

    @Override
    public String toString() {
        return "PiiScan[findings=" + findings + ", redacted=" + (redacted == null ? "null" : redacted.length + " bytes")
                + "]";
    }
}
