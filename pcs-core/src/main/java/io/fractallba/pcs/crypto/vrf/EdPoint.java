package io.fractallba.pcs.crypto.vrf;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * A point of edwards25519 (RFC 8032 §5.1) in extended homogeneous coordinates (X:Y:Z:T): x = X/Z, y = Y/Z,
 * x·y = T/Z. Immutable.
 *
 * <p>Hand-written because BouncyCastle's Ed25519 keeps its point arithmetic private (it offers key generation, sign
 * and verify only), while the VRF needs what a signature does not: hash-to-curve, multiples of arbitrary points,
 * subtraction and the cofactor. The field arithmetic is BouncyCastle's public {@link X25519Field} (ten 25/26-bit
 * limbs in an int[]); on top of it:
 * <ul>
 *   <li>the unified add and double formulas of Hisil–Wong–Carter–Dawson for a = −1 ("add-2008-hwcd-3",
 *       "dbl-2008-hwcd"), complete on edwards25519, with no inversion until a point is encoded, and T computed only
 *       where an addition follows;</li>
 *   <li>multiples by width-w NAF recoding and Straus's interleaving, so that s·H − c·Γ shares one chain of doublings;
 *       odd multiples of the base point B and of 2^128·B are precomputed once (affine, static), so that s·B needs
 *       only 128 doublings and c·Y (c has 128 bits) shares them;</li>
 *   <li>decoding with one exponentiation ({@link X25519Field#sqrtRatioVar}, the u·v³·(u·v⁷)^((p−5)/8) of RFC 8032
 *       §5.1.3) and encoding with BouncyCastle's variable-time inversion, several points sharing one
 *       ({@link #encodeAll}).</li>
 * </ul>
 * Limb bounds follow BouncyCastle's own Ed25519: an operand of mul/sqr is a product or the sum or difference of two
 * products (or of a product and a decoded value); anything larger is carried first.
 *
 * <p>Nothing here is constant-time: wNAF digits, table indices, early exits and the inversion all depend on the
 * scalars and points (see {@link EcVrf} on what that means for the secret key). {@code EdPointTest} cross-checks
 * every operation against the plain BigInteger implementation this replaced.
 */
final class EdPoint {

    /** The field prime 2^255 − 19. */
    static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** The order of the prime-order subgroup, 2^252 + 27742317777372353535851937790883648493. */
    static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    private static final BigInteger D_INT =
            BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    /** The curve constant d = −121665/121666. */
    private static final int[] D = fe(D_INT);
    /** 2·d, the constant of the addition formula. */
    private static final int[] D2 = fe(D_INT.shiftLeft(1).mod(P));

    /** Window of the wNAF of scalars of points known only at run time: 8 odd multiples per point. */
    private static final int WINDOW_VAR = 5;
    /** Window of the static tables of B and 2^128·B: 64 odd multiples each. */
    private static final int WINDOW_BASE = 8;
    /** s·B is split as s_lo·B + s_hi·(2^128·B), s_lo = s mod 2^128. */
    private static final int BASE_SPLIT = 128;

    static final EdPoint IDENTITY = new EdPoint(zeroFe(), oneFe(), oneFe(), zeroFe());
    /** The base point B: y = 4/5, x even; its RFC 8032 encoding is 0x58 followed by 31 bytes 0x66. */
    static final EdPoint BASE = decode(baseEncoding());

    private final int[] x;
    private final int[] y;
    private final int[] z;
    private final int[] t;

    private EdPoint(int[] x, int[] y, int[] z, int[] t) {
        this.x = x;
        this.y = y;
        this.z = z;
        this.t = t;
    }

    private EdPoint(Ext e) {
        this(e.x, e.y, e.z, e.t);
    }

    private static byte[] baseEncoding() {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) 0x66);
        b[0] = 0x58;
        return b;
    }

    // --- the public operations of the package --------------------------------------------------------------------

    /** this + q (complete formulas: also doubles and adds the identity). */
    EdPoint add(EdPoint q) {
        Ext r = ext(this);
        addTo(r, cached(ext(q)), false, true, new Scratch());
        return new EdPoint(r);
    }

    EdPoint negate() {
        int[] nx = X25519Field.create();
        int[] nt = X25519Field.create();
        X25519Field.negate(x, nx);
        X25519Field.negate(t, nt);
        X25519Field.carry(nx);
        X25519Field.carry(nt);
        return new EdPoint(nx, y.clone(), z.clone(), nt);
    }

    EdPoint subtract(EdPoint q) {
        Ext r = ext(this);
        addTo(r, cached(ext(q)), true, true, new Scratch());
        return new EdPoint(r);
    }

    /** k·this for k ≥ 0 (wNAF; for B, the static tables after reducing k mod L). Variable time. */
    EdPoint times(BigInteger k) {
        if (k.signum() < 0) {
            throw new IllegalArgumentException("negative scalar");
        }
        if (this == BASE) {
            return baseTimes(k);
        }
        Cached[] table = oddMultiples(ext(this), WINDOW_VAR);
        return new EdPoint(straus(new byte[][]{wnaf(k, WINDOW_VAR)}, new Cached[][]{table}));
    }

    /** k·B for k ≥ 0: B has order L, so k mod L; then k_lo·B + k_hi·(2^128·B) over the static tables. */
    static EdPoint baseTimes(BigInteger k) {
        BigInteger r = k.mod(L);
        return new EdPoint(straus(
                new byte[][]{wnaf(low(r), WINDOW_BASE), wnaf(r.shiftRight(BASE_SPLIT), WINDOW_BASE)},
                new Cached[][]{BaseTables.B, BaseTables.B_128}));
    }

    /**
     * s·B − c·y for s, c ≥ 0 (RFC 9381's U): three interleaved wNAFs, s mod L split at bit 128 over the static
     * tables, so the doublings are those of the longer of c and 128 bits (c has 128 in the VRF).
     */
    static EdPoint baseTimesMinus(BigInteger s, BigInteger c, EdPoint y) {
        if (s.signum() < 0 || c.signum() < 0) {
            throw new IllegalArgumentException("negative scalar");
        }
        BigInteger r = s.mod(L);
        return new EdPoint(straus(
                new byte[][]{wnaf(low(r), WINDOW_BASE), wnaf(r.shiftRight(BASE_SPLIT), WINDOW_BASE),
                        negate(wnaf(c, WINDOW_VAR))},
                new Cached[][]{BaseTables.B, BaseTables.B_128, oddMultiples(ext(y), WINDOW_VAR)}));
    }

    /** s·h − c·g for s, c ≥ 0 (RFC 9381's V): two interleaved wNAFs sharing one chain of doublings. */
    static EdPoint timesMinus(BigInteger s, EdPoint h, BigInteger c, EdPoint g) {
        if (s.signum() < 0 || c.signum() < 0) {
            throw new IllegalArgumentException("negative scalar");
        }
        return new EdPoint(straus(
                new byte[][]{wnaf(s, WINDOW_VAR), negate(wnaf(c, WINDOW_VAR))},
                new Cached[][]{oddMultiples(ext(h), WINDOW_VAR), oddMultiples(ext(g), WINDOW_VAR)}));
    }

    /** 8·this: the cofactor of edwards25519, which clears any small-order component. Three doublings. */
    EdPoint timesCofactor() {
        Ext r = ext(this);
        Scratch s = new Scratch();
        dbl(r, false, s);
        dbl(r, false, s);
        dbl(r, true, s);
        return new EdPoint(r);
    }

    /** Whether this is the neutral element (0, 1): X = 0 and Y = Z. */
    boolean isIdentity() {
        int[] d = X25519Field.create();
        X25519Field.copy(x, 0, d, 0);
        if (!isZeroVar(d)) {
            return false;
        }
        X25519Field.sub(y, z, d);
        return isZeroVar(d);
    }

    /** The same point of the curve, whatever the coordinates: X1·Z2 = X2·Z1 and Y1·Z2 = Y2·Z1. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EdPoint q)) {
            return false;
        }
        return sameRatio(x, q.z, q.x, z) && sameRatio(y, q.z, q.y, z);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return java.util.HexFormat.of().formatHex(encode());
    }

    /** RFC 8032 §5.1.2: y little-endian in 32 bytes, the low bit of x in the top bit of the last byte. */
    byte[] encode() {
        return encodeAll(this)[0];
    }

    /** The encodings of several points with one inversion (Montgomery's trick). */
    static byte[][] encodeAll(EdPoint... points) {
        int n = points.length;
        int[][] zs = new int[n][];
        for (int i = 0; i < n; i++) {
            zs[i] = points[i].z;
        }
        int[][] zInv = invertAll(zs);
        byte[][] out = new byte[n][];
        int[] ax = X25519Field.create();
        int[] ay = X25519Field.create();
        for (int i = 0; i < n; i++) {
            X25519Field.mul(points[i].x, zInv[i], ax);
            X25519Field.mul(points[i].y, zInv[i], ay);
            X25519Field.normalize(ax);
            X25519Field.normalize(ay);
            byte[] b = new byte[32];
            X25519Field.encode(ay, b, 0);
            b[31] |= (byte) ((ax[0] & 1) << 7);
            out[i] = b;
        }
        return out;
    }

    /** The inverses of several field elements with one inversion (Montgomery's trick); none may be zero. */
    static int[][] invertAll(int[][] zs) {
        int n = zs.length;
        int[][] prefix = new int[n][];
        for (int i = 0; i < n; i++) {
            prefix[i] = X25519Field.create();
            if (i == 0) {
                X25519Field.copy(zs[0], 0, prefix[0], 0);
            } else {
                X25519Field.mul(prefix[i - 1], zs[i], prefix[i]);
            }
        }
        int[] inv = X25519Field.create();
        X25519Field.invVar(prefix[n - 1], inv);
        int[][] out = new int[n][];
        for (int i = n - 1; i >= 0; i--) {
            out[i] = X25519Field.create();
            if (i > 0) {
                X25519Field.mul(inv, prefix[i - 1], out[i]);   // 1/z_i
                X25519Field.mul(inv, zs[i], inv);              // 1/(z_0···z_{i−1})
            } else {
                X25519Field.copy(inv, 0, out[i], 0);
            }
        }
        return out;
    }

    /**
     * RFC 8032 §5.1.3 decoding, strict as RFC 9381 §5.5 requires: null (INVALID) for anything but 32 bytes, a y that
     * is not below p (a non-canonical encoding), a y with no x on the curve, and x = 0 with the sign bit set. So a
     * decoded point encodes back to exactly the bytes it came from.
     */
    static EdPoint decode(byte[] s) {
        if (s == null || s.length != 32 || !canonicalY(s)) {
            return null;
        }
        boolean xOdd = (s[31] & 0x80) != 0;
        int[] yv = X25519Field.create();
        X25519Field.decode255(s, yv);                      // the low 255 bits: the sign bit is not read
        int[] u = X25519Field.create();
        int[] v = X25519Field.create();
        X25519Field.sqr(yv, u);
        X25519Field.mul(D, u, v);
        X25519Field.subOne(u);                             // u = y² − 1
        X25519Field.addOne(v);                             // v = d·y² + 1
        int[] xv = X25519Field.create();
        if (!X25519Field.sqrtRatioVar(u, v, xv)) {         // x² = u/v, one exponentiation
            return null;
        }
        X25519Field.normalize(xv);
        if (xOdd && X25519Field.isZeroVar(xv)) {
            return null;
        }
        if (((xv[0] & 1) != 0) != xOdd) {
            X25519Field.negate(xv, xv);
            X25519Field.carry(xv);
        }
        int[] tv = X25519Field.create();
        X25519Field.mul(xv, yv, tv);
        return new EdPoint(xv, yv, oneFe(), tv);
    }

    /** y (the low 255 bits, little-endian) &lt; p = 2^255 − 19, i.e. not 0x7fff…ffed ≤ y ≤ 0x7fff…ffff. */
    private static boolean canonicalY(byte[] s) {
        if ((s[31] & 0x7f) != 0x7f) {
            return true;
        }
        for (int i = 30; i >= 1; i--) {
            if (s[i] != (byte) 0xff) {
                return true;
            }
        }
        return (s[0] & 0xff) < 0xed;
    }

    // --- mutable working representations ---------------------------------------------------------------------------

    /** Extended coordinates, mutable, for the loops; T is stale after an operation asked not to compute it. */
    private static final class Ext {
        final int[] x = X25519Field.create();
        final int[] y = X25519Field.create();
        final int[] z = X25519Field.create();
        final int[] t = X25519Field.create();
    }

    /**
     * An addend prepared for the addition formula: (Y+X, Y−X, 2·Z, 2d·T); {@code z2 == null} means Z = 1 (the
     * affine entries of the static tables), which saves a multiplication.
     */
    private static final class Cached {
        final int[] ypx = X25519Field.create();
        final int[] ymx = X25519Field.create();
        final int[] t2d = X25519Field.create();
        int[] z2;
    }

    /** Temporaries of one operation (one per call chain: nothing is shared between threads). */
    private static final class Scratch {
        final int[] a = X25519Field.create();
        final int[] b = X25519Field.create();
        final int[] c = X25519Field.create();
        final int[] d = X25519Field.create();
        final int[] e = X25519Field.create();
        final int[] f = X25519Field.create();
        final int[] g = X25519Field.create();
        final int[] h = X25519Field.create();
    }

    private static Ext ext(EdPoint p) {
        Ext e = new Ext();
        X25519Field.copy(p.x, 0, e.x, 0);
        X25519Field.copy(p.y, 0, e.y, 0);
        X25519Field.copy(p.z, 0, e.z, 0);
        X25519Field.copy(p.t, 0, e.t, 0);
        return e;
    }

    private static Cached cached(Ext p) {
        Cached c = new Cached();
        X25519Field.apm(p.y, p.x, c.ypx, c.ymx);
        X25519Field.carry(c.ypx);
        X25519Field.carry(c.ymx);
        X25519Field.mul(p.t, D2, c.t2d);
        c.z2 = X25519Field.create();
        X25519Field.add(p.z, p.z, c.z2);
        X25519Field.carry(c.z2);
        return c;
    }

    /**
     * r = 2·r ("dbl-2008-hwcd", a = −1): A = X², B = Y², C = 2·Z², H = A + B, E = H − (X + Y)², G = A − B,
     * F = C + G; X3 = E·F, Y3 = G·H, Z3 = F·G, T3 = E·H (the signs of E, F, G, H flipped against the EFD text,
     * which leaves the products unchanged).
     */
    private static void dbl(Ext r, boolean withT, Scratch s) {
        X25519Field.sqr(r.x, s.a);
        X25519Field.sqr(r.y, s.b);
        X25519Field.sqr(r.z, s.c);
        X25519Field.add(s.c, s.c, s.c);
        X25519Field.apm(s.a, s.b, s.h, s.g);
        X25519Field.add(r.x, r.y, s.e);
        X25519Field.sqr(s.e, s.e);
        X25519Field.sub(s.h, s.e, s.e);
        X25519Field.add(s.c, s.g, s.f);
        X25519Field.carry(s.f);
        X25519Field.mul(s.e, s.f, r.x);
        X25519Field.mul(s.g, s.h, r.y);
        X25519Field.mul(s.f, s.g, r.z);
        if (withT) {
            X25519Field.mul(s.e, s.h, r.t);
        }
    }

    /**
     * r = r ± q ("add-2008-hwcd-3", a = −1, k = 2d): A = (Y1−X1)(Y2−X2), B = (Y1+X1)(Y2+X2), C = T1·2d·T2,
     * D = Z1·2Z2, E = B − A, F = D − C, G = D + C, H = B + A; X3 = E·F, Y3 = G·H, Z3 = F·G, T3 = E·H. Subtracting
     * q = (x, y) adds (−x, y): Y2+X2 and Y2−X2 swap and C changes sign. r's T must be current.
     */
    private static void addTo(Ext r, Cached q, boolean minus, boolean withT, Scratch s) {
        X25519Field.apm(r.y, r.x, s.b, s.a);
        X25519Field.mul(s.a, minus ? q.ypx : q.ymx, s.a);
        X25519Field.mul(s.b, minus ? q.ymx : q.ypx, s.b);
        X25519Field.mul(r.t, q.t2d, s.c);
        if (q.z2 == null) {
            X25519Field.add(r.z, r.z, s.d);
        } else {
            X25519Field.mul(r.z, q.z2, s.d);
        }
        X25519Field.apm(s.b, s.a, s.h, s.e);
        if (minus) {
            X25519Field.apm(s.d, s.c, s.f, s.g);
        } else {
            X25519Field.apm(s.d, s.c, s.g, s.f);
        }
        if (q.z2 == null) {                                // D = 2·Z1 is itself a sum: carry D ± C
            X25519Field.carry(s.f);
            X25519Field.carry(s.g);
        }
        X25519Field.mul(s.e, s.f, r.x);
        X25519Field.mul(s.g, s.h, r.y);
        X25519Field.mul(s.f, s.g, r.z);
        if (withT) {
            X25519Field.mul(s.e, s.h, r.t);
        }
    }

    /** P, 3P, 5P, …, (2^(w−1) − 1)·P, prepared for addition. */
    private static Cached[] oddMultiples(Ext p, int w) {
        Scratch s = new Scratch();
        Cached[] table = new Cached[1 << (w - 2)];
        table[0] = cached(p);
        Ext twice = copy(p);
        dbl(twice, true, s);
        Cached twiceC = cached(twice);
        Ext acc = copy(p);
        for (int i = 1; i < table.length; i++) {
            addTo(acc, twiceC, false, true, s);
            table[i] = cached(acc);
        }
        return table;
    }

    private static Ext copy(Ext p) {
        Ext e = new Ext();
        X25519Field.copy(p.x, 0, e.x, 0);
        X25519Field.copy(p.y, 0, e.y, 0);
        X25519Field.copy(p.z, 0, e.z, 0);
        X25519Field.copy(p.t, 0, e.t, 0);
        return e;
    }

    /**
     * Σ digits_j · P_j (Straus): one chain of doublings from the top digit down, adding tables[j][|d|/2] (negated
     * for d &lt; 0) wherever digits_j has a digit d ≠ 0; tables[j][i] = (2i+1)·P_j.
     */
    private static Ext straus(byte[][] digits, Cached[][] tables) {
        int top = -1;
        for (byte[] d : digits) {
            for (int i = d.length - 1; i > top; i--) {
                if (d[i] != 0) {
                    top = i;
                    break;
                }
            }
        }
        Ext r = ext(IDENTITY);
        Scratch s = new Scratch();
        for (int i = top; i >= 0; i--) {
            int adds = 0;
            for (byte[] d : digits) {
                if (i < d.length && d[i] != 0) {
                    adds++;
                }
            }
            if (i < top) {
                dbl(r, adds > 0 || i == 0, s);
            }
            for (int j = 0; j < digits.length; j++) {
                int d = i < digits[j].length ? digits[j][i] : 0;
                if (d != 0) {
                    adds--;
                    addTo(r, tables[j][(Math.abs(d) - 1) >> 1], d < 0, adds > 0 || i == 0, s);
                }
            }
        }
        return r;
    }

    // --- scalars ----------------------------------------------------------------------------------------------------

    /**
     * The width-w NAF of k ≥ 0: digits[i] is 0 or odd with |digits[i]| &lt; 2^(w−1), k = Σ digits[i]·2^i, and of any
     * w consecutive digits at most one is not 0. Length k.bitLength() + 1.
     */
    static byte[] wnaf(BigInteger k, int w) {
        long[] words = words(k);
        int width = 1 << w;
        int mask = width - 1;
        byte[] digits = new byte[k.bitLength() + 1];
        int pos = 0;
        int carry = 0;
        while (pos < digits.length) {
            int window = carry + (bits(words, pos) & mask);
            if ((window & 1) == 0) {
                pos++;
                continue;
            }
            if (window < width >>> 1) {
                carry = 0;
                digits[pos] = (byte) window;
            } else {
                carry = 1;
                digits[pos] = (byte) (window - width);
            }
            pos += w;
        }
        return digits;
    }

    private static byte[] negate(byte[] digits) {
        for (int i = 0; i < digits.length; i++) {
            digits[i] = (byte) -digits[i];
        }
        return digits;
    }

    /** Little-endian 64-bit words of k ≥ 0. */
    private static long[] words(BigInteger k) {
        byte[] be = k.toByteArray();
        long[] w = new long[(be.length + 7) >>> 3];
        for (int i = 0; i < be.length; i++) {
            w[i >>> 3] |= (be[be.length - 1 - i] & 0xffL) << (8 * (i & 7));
        }
        return w;
    }

    /** Bits pos, pos+1, … (at least 32 of them) of the little-endian words, zero beyond the last. */
    private static int bits(long[] words, int pos) {
        int i = pos >>> 6;
        int off = pos & 63;
        if (i >= words.length) {
            return 0;
        }
        long v = words[i] >>> off;
        if (off > 32 && i + 1 < words.length) {
            v |= words[i + 1] << (64 - off);
        }
        return (int) v;
    }

    private static BigInteger low(BigInteger k) {
        return k.and(BigInteger.ONE.shiftLeft(BASE_SPLIT).subtract(BigInteger.ONE));
    }

    // --- field helpers ----------------------------------------------------------------------------------------------

    private static int[] fe(BigInteger v) {
        int[] r = X25519Field.create();
        X25519Field.decode255(Le.toBytes(v, 32), r);
        return r;
    }

    private static int[] zeroFe() {
        return X25519Field.create();
    }

    private static int[] oneFe() {
        int[] r = X25519Field.create();
        X25519Field.one(r);
        return r;
    }

    /** Whether the (carried or sum/difference-of-carried) element is 0 mod p; scratches its argument. */
    private static boolean isZeroVar(int[] v) {
        X25519Field.carry(v);
        X25519Field.normalize(v);
        return X25519Field.isZeroVar(v);
    }

    /** a·b = c·d mod p. */
    private static boolean sameRatio(int[] a, int[] b, int[] c, int[] d) {
        int[] l = X25519Field.create();
        int[] r = X25519Field.create();
        X25519Field.mul(a, b, l);
        X25519Field.mul(c, d, r);
        X25519Field.sub(l, r, l);
        return isZeroVar(l);
    }

    /**
     * The static tables: odd multiples (1, 3, …, 127)·B and the same of 2^128·B, affine (Z = 1, one shared
     * inversion) so that each addition saves a multiplication. Built on first use, about a millisecond, then
     * read-only.
     */
    private static final class BaseTables {
        static final Cached[] B;
        static final Cached[] B_128;

        static {
            Ext b = ext(BASE);
            Ext b128 = copy(b);
            Scratch s = new Scratch();
            for (int i = 0; i < BASE_SPLIT; i++) {
                dbl(b128, i == BASE_SPLIT - 1, s);
            }
            B = affine(oddMultiples(b, WINDOW_BASE));
            B_128 = affine(oddMultiples(b128, WINDOW_BASE));
        }

        /** The same points with Z = 1: (y+x, y−x, 2d·x·y) from (Y+X, Y−X, 2Z, 2d·T), dividing by Z = z2/2. */
        private static Cached[] affine(Cached[] table) {
            int n = table.length;
            int[][] z2 = new int[n][];
            for (int i = 0; i < n; i++) {
                z2[i] = table[i].z2;
            }
            int[][] inverses = invertAll(z2);
            Cached[] out = new Cached[n];
            for (int i = 0; i < n; i++) {
                int[] zInv = inverses[i];
                X25519Field.add(zInv, zInv, zInv);             // 1/Z = 2/(2Z)
                X25519Field.carry(zInv);
                Cached c = new Cached();
                X25519Field.mul(table[i].ypx, zInv, c.ypx);
                X25519Field.mul(table[i].ymx, zInv, c.ymx);
                X25519Field.mul(table[i].t2d, zInv, c.t2d);
                X25519Field.normalize(c.ypx);
                X25519Field.normalize(c.ymx);
                X25519Field.normalize(c.t2d);
                out[i] = c;
            }
            return out;
        }
    }
}
