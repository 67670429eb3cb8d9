package io.fractallba.pcs.decision;

/** Base-2 logarithm, exact for powers of two (as C's log2 is), accurate to a few ulps elsewhere. */
final class Log2 {

    private static final double LN2 = Math.log(2.0);

    private Log2() {
    }

    static double of(double x) {
        int exponent = Math.getExponent(x);
        double mantissa = x / Math.scalb(1.0, exponent); // in [1, 2)
        return mantissa == 1.0 ? exponent : exponent + Math.log(mantissa) / LN2;
    }
}
