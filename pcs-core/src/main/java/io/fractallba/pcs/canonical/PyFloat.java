package io.fractallba.pcs.canonical;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code repr(float)} and the contract's 9-decimal half-up rounding, implemented without relying on
 * {@link Double#toString(double)} (not shortest before JDK 19, and with a two-digit minimum after it).
 */
public final class PyFloat {

    private static final int MAX_DIGITS = 17;
    private static final MathContext[] HALF_EVEN = new MathContext[MAX_DIGITS + 1];
    private static final MathContext[] FLOOR = new MathContext[MAX_DIGITS + 1];
    private static final MathContext[] CEILING = new MathContext[MAX_DIGITS + 1];

    static {
        for (int p = 1; p <= MAX_DIGITS; p++) {
            HALF_EVEN[p] = new MathContext(p, RoundingMode.HALF_EVEN);
            FLOOR[p] = new MathContext(p, RoundingMode.FLOOR);
            CEILING[p] = new MathContext(p, RoundingMode.CEILING);
        }
    }

    private PyFloat() {
    }

    /**
     * The shortest decimal that reads back as {@code x}; among equally short ones, the closest to {@code x}.
     * This is the digit string Python's repr prints. Zero (of either sign) gives {@link BigDecimal#ZERO}.
     */
    public static BigDecimal shortestDecimal(double x) {
        requireFinite(x);
        if (x == 0.0) {
            return BigDecimal.ZERO;
        }
        BigDecimal exact = new BigDecimal(x);
        // Round-tripping is monotone in the number of digits, so a binary search over 1..17 finds the minimum.
        int lo = 1;
        int hi = MAX_DIGITS;
        BigDecimal best = null;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            BigDecimal candidate = roundTripping(exact, x, mid);
            if (candidate != null) {
                hi = mid;
                best = candidate;
            } else {
                lo = mid + 1;
            }
        }
        if (best == null || best.precision() > lo) {
            best = roundTripping(exact, x, lo);
        }
        return best.stripTrailingZeros();
    }

    private static BigDecimal roundTripping(BigDecimal exact, double x, int digits) {
        BigDecimal nearest = exact.round(HALF_EVEN[digits]);
        if (nearest.doubleValue() == x) {
            return nearest;
        }
        // At a power of two the rounding interval is asymmetric: the neighbour on the wide side may still read back.
        BigDecimal other = nearest.compareTo(exact) < 0 ? exact.round(CEILING[digits]) : exact.round(FLOOR[digits]);
        return other.doubleValue() == x ? other : null;
    }

    /**
     * Fast path for values that already have at most 9 decimals (nearly every value on the wire): returns the
     * integer q with x == q / 1e9 exactly, or 0 when there is none. Below 1e6 the doubles are spaced less than
     * 1e-9 / 2 apart, so q·10⁻⁹ is then the only decimal of ≤ 9 decimals that reads back as x, hence its digits are
     * the shortest repr and rounding to 9 decimals leaves x unchanged.
     */
    static long nineDecimals(double x) {
        double ax = Math.abs(x);
        if (ax >= 1e6 || ax < 1e-9) {
            return 0;
        }
        long q = Math.round(x * 1e9);
        return q != 0 && q / 1e9 == x ? q : 0;
    }

    /** {@code Decimal(repr(x)).quantize(Decimal("1e-9"), ROUND_HALF_UP)} turned back into a double. */
    public static double round9(double x) {
        requireFinite(x);
        if (x == 0.0) {
            return x; // keeps -0.0, as Python's Decimal does
        }
        if (nineDecimals(x) != 0) {
            return x;
        }
        double rounded = shortestDecimal(x).setScale(9, RoundingMode.HALF_UP).doubleValue();
        return rounded == 0.0 ? Math.copySign(0.0, x) : rounded;
    }

    /** Python's {@code repr(float)}: shortest digits, ".0" on integral values, exponent form outside [1e-4, 1e16). */
    public static String repr(double x) {
        requireFinite(x);
        StringBuilder out = new StringBuilder(24);
        appendRepr(out, x);
        return out.toString();
    }

    public static void appendRepr(StringBuilder out, double x) {
        requireFinite(x);
        if (x == 0.0) {
            out.append(1.0 / x < 0 ? "-0.0" : "0.0");
            return;
        }
        long q = nineDecimals(x);
        BigDecimal d = q != 0 ? BigDecimal.valueOf(q, 9).stripTrailingZeros() : shortestDecimal(x);
        if (d.signum() < 0) {
            out.append('-');
            d = d.negate();
        }
        String digits = d.unscaledValue().toString();
        int exponent = digits.length() - 1 - d.scale(); // x = digits[0].digits[1..] * 10^exponent
        if (exponent < -4 || exponent >= 16) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            if (abs < 10) {
                out.append('0');
            }
            out.append(abs);
        } else {
            String plain = d.toPlainString();
            out.append(plain);
            if (plain.indexOf('.') < 0) {
                out.append(".0");
            }
        }
    }

    private static void requireFinite(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("not a finite number: " + x);
        }
    }
}
