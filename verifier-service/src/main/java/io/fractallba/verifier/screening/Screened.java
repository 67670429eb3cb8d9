package io.fractallba.verifier.screening;

import io.fractallba.policy.Attachments;
import io.fractallba.policy.PiiMode;
import io.fractallba.policy.PiiPolicy;
import io.fractallba.policy.pii.PiiFinding;
import io.fractallba.policy.pii.PiiScan;

import java.util.List;

/**
 * What screening a submission's attachments found under one policy: the facts its rules read, the policy's PII
 * screening and the scan (null when the policy screens nothing).
 */
public record Screened(Attachments attachments, PiiPolicy pii, PiiScan scan) {

    public static final Screened NONE = new Screened(Attachments.NONE, PiiPolicy.OFF, null);

    public PiiMode mode() {
        return pii.mode();
    }

    public List<PiiFinding> findings() {
        return scan == null ? List.of() : scan.findings();
    }

    /**
     * True when the submission must be refused: the policy blocks and something was found, or it redacts and
     * something was found in a signed member, which cannot be redacted without breaking the signature.
     */
    public boolean blocked() {
        return scan != null && scan.found()
                && (mode() == PiiMode.BLOCK || (mode() == PiiMode.REDACT && scan.inSignedField()));
    }

    /** The findings as "kind at path", comma-separated: what a refusal says (never the values). */
    public String where() {
        return findings().stream().map(f -> f.kind().code() + " at " + f.path()).distinct()
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** The document to record and publish in place of the body as received, or null to keep the body. */
    public byte[] redactedBody() {
        return mode() == PiiMode.REDACT && scan != null ? scan.redacted() : null;
    }
}
