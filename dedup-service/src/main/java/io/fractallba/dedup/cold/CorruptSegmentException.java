package io.fractallba.dedup.cold;

/** A cold segment whose bytes no longer match the checksum recorded when it was written. */
public class CorruptSegmentException extends Exception {

    public CorruptSegmentException(String message) {
        super(message);
    }
}
