package io.fractallba.hrs.training;

/** Too few labelled examples (or a class missing from a split) to train and evaluate honestly. */
public final class NotEnoughDataException extends Exception {
    public NotEnoughDataException(String message) {
        super(message);
    }
}
