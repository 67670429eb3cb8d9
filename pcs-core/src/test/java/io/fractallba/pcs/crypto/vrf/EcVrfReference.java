package io.fractallba.pcs.crypto.vrf;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/**
 * ECVRF_verify (RFC 9381 §5.3, ECVRF-EDWARDS25519-SHA512-TAI, validate_key = TRUE) written step by step over the
 * BigInteger {@link EdPointReference}: pcs-core's verification before it was optimised, kept so that tests can
 * compare the fast {@link EcVrf#verify} with it on inputs the fixed vectors do not cover. Slow; test-only.
 */
final class EcVrfReference {

    private EcVrfReference() {
    }

    static Optional<byte[]> verify(byte[] pk, byte[] pi, byte[] alpha) {
        if (pk == null || pi == null || alpha == null || pk.length != 32 || pi.length != 80) {
            return Optional.empty();
        }
        EdPointReference y = EdPointReference.decode(pk);                       // §5.4.5 validate_key
        if (y == null || y.timesCofactor().isIdentity()) {
            return Optional.empty();
        }
        EdPointReference gamma = EdPointReference.decode(Arrays.copyOfRange(pi, 0, 32));   // §5.4.4 decode_proof
        byte[] cString = Arrays.copyOfRange(pi, 32, 48);
        BigInteger c = Le.toInt(cString);
        BigInteger s = Le.toInt(Arrays.copyOfRange(pi, 48, 80));
        if (gamma == null || s.compareTo(EdPointReference.L) >= 0) {
            return Optional.empty();
        }
        EdPointReference h = null;                                              // §5.4.1.1 try-and-increment
        for (int ctr = 0; ctr <= 0xff && h == null; ctr++) {
            byte[] hash = sha512(new byte[]{0x03, 0x01}, pk, alpha, new byte[]{(byte) ctr, 0x00});
            EdPointReference p = EdPointReference.decode(Arrays.copyOf(hash, 32));
            h = p == null ? null : p.timesCofactor();
        }
        if (h == null) {
            return Optional.empty();
        }
        EdPointReference u = EdPointReference.BASE.times(s).subtract(y.times(c));
        EdPointReference v = h.times(s).subtract(gamma.times(c));
        byte[] expected = Arrays.copyOf(sha512(new byte[]{0x03, 0x02}, pk, h.encode(), gamma.encode(), u.encode(),
                v.encode(), new byte[]{0x00}), 16);
        if (!Arrays.equals(expected, cString)) {
            return Optional.empty();
        }
        return Optional.of(sha512(new byte[]{0x03, 0x03}, gamma.timesCofactor().encode(), new byte[]{0x00}));
    }

    private static byte[] sha512(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-512");
            for (byte[] part : parts) {
                md.update(part);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
