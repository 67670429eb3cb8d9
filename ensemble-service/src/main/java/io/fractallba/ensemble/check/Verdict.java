package io.fractallba.ensemble.check;

/** What a check says: it vouches for the submission, objects to it, or cannot say (with a reason). */
public enum Verdict {
    ACCEPT, REJECT, ABSTAIN;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
