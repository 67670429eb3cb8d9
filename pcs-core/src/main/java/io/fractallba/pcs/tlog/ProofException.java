package io.fractallba.pcs.tlog;

/** A proof, checkpoint or note that does not verify; the message says which check failed. */
public class ProofException extends Exception {

    public ProofException(String message) {
        super(message);
    }
}
