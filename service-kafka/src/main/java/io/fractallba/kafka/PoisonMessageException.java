package io.fractallba.kafka;

/** A message that can never be processed; it goes to the DLQ with this message. */
public class PoisonMessageException extends Exception {

    public PoisonMessageException(String message) {
        super(message);
    }
}
