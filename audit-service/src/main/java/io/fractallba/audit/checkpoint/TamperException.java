package io.fractallba.audit.checkpoint;

/** The stored log no longer agrees with what was signed: no checkpoint is issued until an operator intervenes. */
public class TamperException extends Exception {

    public TamperException(String message) {
        super(message);
    }
}
