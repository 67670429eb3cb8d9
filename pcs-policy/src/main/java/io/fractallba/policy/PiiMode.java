package io.fractallba.policy;

import java.util.Locale;
import java.util.Optional;

/**
 * What a policy does about personal data and secrets in what agents attach (docs/policies.md, "PII"). Only
 * {@link #REDACT} changes what is stored, and only in unsigned members: a finding in a signed member cannot be
 * redacted without breaking the signature, so it is refused like {@link #BLOCK}.
 */
public enum PiiMode {
    /** No screening (the built-in default@1). */
    OFF,
    /** Screen, count, flag the event and expose {@code pii.kinds} to the rules; store as received. */
    DETECT,
    /** Refuse a submission with any finding (422 problem+json); nothing is stored or published. */
    BLOCK,
    /** Replace each finding by {@code [REDACTED:<kind>]} before the document leaves the verifier's WAL. */
    REDACT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PiiMode> fromWire(String s) {
        for (PiiMode m : values()) {
            if (m.wireName().equals(s)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
