package io.fractallba.pcs.crypto.vrf;

import java.math.BigInteger;

/**
 * The reference the fast {@link EdPoint} is checked against ({@code EdPointTest}): edwards25519 (RFC 8032 §5.1) over
 * BigInteger mod p, in extended homogeneous coordinates (X:Y:Z:T) with x = X/Z, y = Y/Z, x·y = T/Z, the formulas
 * written as in the RFC, plain double-and-add for multiples. This was pcs-core's implementation before EdPoint moved
 * to BouncyCastle's field arithmetic, precomputed tables and wNAF; slow (milliseconds per multiple) and test-only.
 */
final class EdPointReference {

    /** The field prime 2^255 − 19. */
    static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** The order of the prime-order subgroup, 2^252 + 27742317777372353535851937790883648493. */
    static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    /** The curve constant d = −121665/121666. */
    static final BigInteger D = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);

    private static final BigInteger D2 = D.shiftLeft(1).mod(P);
    /** A square root of −1, 2^((p−1)/4), used when the first candidate root of x² is off by that factor. */
    private static final BigInteger SQRT_M1 = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
    private static final BigInteger SQRT_EXP = P.add(BigInteger.valueOf(3)).shiftRight(3);

    static final EdPointReference IDENTITY = new EdPointReference(BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO);
    /** The base point B: y = 4/5, x even; its RFC 8032 encoding is 0x58 followed by 31 bytes 0x66. */
    static final EdPointReference BASE = decode(baseEncoding());

    private final BigInteger x;
    private final BigInteger y;
    private final BigInteger z;
    private final BigInteger t;

    private EdPointReference(BigInteger x, BigInteger y, BigInteger z, BigInteger t) {
        this.x = x;
        this.y = y;
        this.z = z;
        this.t = t;
    }

    private static byte[] baseEncoding() {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) 0x66);
        b[0] = 0x58;
        return b;
    }

    /** RFC 8032 §5.1.4 addition; the formulas are complete on edwards25519, so they also double and add the identity. */
    EdPointReference add(EdPointReference q) {
        BigInteger a = y.subtract(x).multiply(q.y.subtract(q.x)).mod(P);
        BigInteger b = y.add(x).multiply(q.y.add(q.x)).mod(P);
        BigInteger c = t.multiply(D2).multiply(q.t).mod(P);
        BigInteger d = z.shiftLeft(1).multiply(q.z).mod(P);
        BigInteger e = b.subtract(a);
        BigInteger f = d.subtract(c);
        BigInteger g = d.add(c);
        BigInteger h = b.add(a);
        return new EdPointReference(e.multiply(f).mod(P), g.multiply(h).mod(P), f.multiply(g).mod(P), e.multiply(h).mod(P));
    }

    EdPointReference negate() {
        return new EdPointReference(P.subtract(x).mod(P), y, z, P.subtract(t).mod(P));
    }

    EdPointReference subtract(EdPointReference q) {
        return add(q.negate());
    }

    /** k·this for k ≥ 0, double-and-add from the top bit (variable time). */
    EdPointReference times(BigInteger k) {
        if (k.signum() < 0) {
            throw new IllegalArgumentException("negative scalar");
        }
        EdPointReference r = IDENTITY;
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            r = r.add(r);
            if (k.testBit(i)) {
                r = r.add(this);
            }
        }
        return r;
    }

    /** 8·this: the cofactor of edwards25519, which clears any small-order component. */
    EdPointReference timesCofactor() {
        EdPointReference r = add(this);
        r = r.add(r);
        return r.add(r);
    }

    boolean isIdentity() {
        return x.signum() == 0 && y.equals(z);
    }

    /** RFC 8032 §5.1.2: y little-endian in 32 bytes, the low bit of x in the top bit of the last byte. */
    byte[] encode() {
        BigInteger zInv = z.modInverse(P);
        BigInteger ax = x.multiply(zInv).mod(P);
        BigInteger ay = y.multiply(zInv).mod(P);
        byte[] out = Le.toBytes(ay, 32);
        if (ax.testBit(0)) {
            out[31] |= (byte) 0x80;
        }
        return out;
    }

    /**
     * RFC 8032 §5.1.3 decoding, strict as RFC 9381 §5.5 requires: null (INVALID) for anything but 32 bytes, a y that
     * is not below p (a non-canonical encoding), a y with no x on the curve, and x = 0 with the sign bit set.
     */
    static EdPointReference decode(byte[] s) {
        if (s == null || s.length != 32) {
            return null;
        }
        byte[] yBytes = s.clone();
        boolean xOdd = (yBytes[31] & 0x80) != 0;
        yBytes[31] &= 0x7f;
        BigInteger yv = Le.toInt(yBytes);
        if (yv.compareTo(P) >= 0) {
            return null;
        }
        BigInteger yy = yv.multiply(yv).mod(P);
        BigInteger u = yy.subtract(BigInteger.ONE).mod(P);
        BigInteger v = D.multiply(yy).add(BigInteger.ONE).mod(P);
        // x = (u/v)^((p+3)/8), computed as u·v^3·(u·v^7)^((p−5)/8) in the RFC; the plain power is equivalent here.
        BigInteger xv = u.multiply(v.modInverse(P)).mod(P).modPow(SQRT_EXP, P);
        BigInteger vxx = v.multiply(xv).multiply(xv).mod(P);
        if (!vxx.equals(u)) {
            if (vxx.equals(P.subtract(u).mod(P))) {
                xv = xv.multiply(SQRT_M1).mod(P);
            } else {
                return null;
            }
        }
        if (xv.signum() == 0 && xOdd) {
            return null;
        }
        if (xv.testBit(0) != xOdd) {
            xv = P.subtract(xv);
        }
        return new EdPointReference(xv, yv, BigInteger.ONE, xv.multiply(yv).mod(P));
    }
}
