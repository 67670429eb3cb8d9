package io.fractallba.cost.bill;

/** A bill that cannot be read; the message names the line and what is wrong. */
public class BillFormatException extends Exception {
    public BillFormatException(String message) {
        super(message);
    }
}
