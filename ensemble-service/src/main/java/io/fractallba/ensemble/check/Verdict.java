package io.fractallba.ensemble.check;

/**
 * What a check says: it vouches for the submission, objects to it, cannot say (with a reason: an error, a timeout, an
 * input that did not arrive, an uncertain band — it counts toward N and, failing closed, toward escalation), or does
 * not apply to it (no text to ground, no model trained yet, nothing unusual to object to — it does not count toward N).
 */
public enum Verdict {
    ACCEPT, REJECT, ABSTAIN, NOT_APPLICABLE;

    /** An accept or a reject: a vote that takes a side. */
    public boolean decisive() {
        return this == ACCEPT || this == REJECT;
    }

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
