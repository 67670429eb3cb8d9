package io.fractallba.pcs.crypto.vrf;

import java.math.BigInteger;

/** Little-endian integers, the byte order of RFC 8032 and so of the edwards25519 VRF suites (RFC 9381 §5.5). */
final class Le {

    private Le() {
    }

    /** string_to_int: the bytes read as an unsigned little-endian integer. */
    static BigInteger toInt(byte[] b) {
        byte[] be = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            be[i] = b[b.length - 1 - i];
        }
        return new BigInteger(1, be);
    }

    /** int_to_string: {@code v} (0 ≤ v < 2^(8·len)) as exactly {@code len} little-endian bytes. */
    static byte[] toBytes(BigInteger v, int len) {
        if (v.signum() < 0 || v.bitLength() > 8 * len) {
            throw new IllegalArgumentException("does not fit in " + len + " bytes");
        }
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = v.shiftRight(8 * i).byteValue();
        }
        return out;
    }
}
