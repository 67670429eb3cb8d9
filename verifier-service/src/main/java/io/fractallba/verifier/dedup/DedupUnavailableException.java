package io.fractallba.verifier.dedup;

/** The dedup store cannot be reached: the verifier fails closed (503 with Retry-After). */
public final class DedupUnavailableException extends Exception {
    public DedupUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
