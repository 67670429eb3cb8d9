package io.fractallba.audit.log;

/** An event that can never become an audit entry; it goes to the DLQ with this message. */
public class PoisonEventException extends Exception {

    public PoisonEventException(String message) {
        super(message);
    }
}
