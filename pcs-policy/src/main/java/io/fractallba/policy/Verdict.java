package io.fractallba.policy;

import java.util.Locale;
import java.util.Optional;

/**
 * What a rule decides (docs/policies.md). On the wire of docs/contract.md §5: accept is 200; escalate is 202 with
 * {@code accepted: true}; reject is 202 with {@code accepted: false} — the contract never answers a well-formed,
 * signed PCS with a 4xx.
 */
public enum Verdict {
    ACCEPT(true, false),
    ESCALATE(true, true),
    REJECT(false, true);

    private final boolean accepted;
    private final boolean escalated;

    Verdict(boolean accepted, boolean escalated) {
        this.accepted = accepted;
        this.escalated = escalated;
    }

    public boolean accepted() {
        return accepted;
    }

    public boolean escalated() {
        return escalated;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Verdict> fromWire(String s) {
        for (Verdict v : values()) {
            if (v.wireName().equals(s)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
