package io.fractallba.verifier.dedup;

/**
 * The dedup store cannot be reached: the verifier fails closed (503 with Retry-After). {@link #mayHaveStored()} says
 * whether the failed call was a write of this request's response that the store may have executed anyway (a reply
 * lost or timed out): such a request is settled later (docs/verifier.md).
 */
public final class DedupUnavailableException extends Exception {

    private final boolean mayHaveStored;

    public DedupUnavailableException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public DedupUnavailableException(String message, Throwable cause, boolean mayHaveStored) {
        super(message, cause, false, false);
        this.mayHaveStored = mayHaveStored;
    }

    public boolean mayHaveStored() {
        return mayHaveStored;
    }
}
