package io.fractallba.verifier.wal;

/** The WAL could not make a record durable; the request must not be acknowledged. */
public final class WalException extends Exception {
    public WalException(String message, Throwable cause) {
        super(message, cause);
    }
}
