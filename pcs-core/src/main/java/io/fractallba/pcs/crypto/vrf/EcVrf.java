package io.fractallba.pcs.crypto.vrf;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/**
 * ECVRF-EDWARDS25519-SHA512-TAI, RFC 9381 §5 with the suite of §5.5 (suite_string 0x03): a keyed hash whose output
 * beta only the secret key's holder can compute, with a proof pi anyone holding the public key can check. Keys are
 * those of Ed25519 (RFC 8032 §5.1.5): a 32-byte secret seed and the 32-byte encoding of x·B.
 *
 * <p>Proofs are 80 bytes: Gamma (32) ‖ c (16, little-endian) ‖ s (32, little-endian); outputs are 64 bytes.
 * Verification validates the public key (§5.4.5, validate_key = TRUE): a key that does not decode canonically or
 * whose multiple by the cofactor is the identity (a small-order key, for which proofs of anything would verify) is
 * refused.
 *
 * <p>Timing. {@link #verify} handles only public data (key, proof, alpha) and is variable-time by design. It costs
 * about two of BouncyCastle's Ed25519 signature checks (some 0.2 ms): two multi-scalar multiples, U = s·B − c·Y over
 * precomputed tables of B and V = s·H − c·Gamma, one square root for each of Y, Gamma and encode_to_curve's tries, and
 * one inversion shared by every encoding (see {@link EdPoint}). {@link #prove} is NOT
 * constant-time: the secret scalar x and the nonce k go through wNAF recoding, whose digit pattern decides which
 * additions and table entries are used, and the scalar arithmetic is BigInteger's, so its time and memory accesses
 * depend on x and k; partial knowledge of many nonces is enough to recover a key (lattice attacks such as
 * Minerva's). That is acceptable where this is used — an agent proves once per PCS on its own machine — but this
 * class must not serve proofs to untrusted callers who can time many of them.
 */
public final class EcVrf {

    public static final int KEY_LENGTH = 32;
    public static final int PROOF_LENGTH = 80;
    public static final int OUTPUT_LENGTH = 64;

    private static final byte SUITE = 0x03;
    private static final int C_LEN = 16;
    private static final int PT_LEN = 32;
    private static final int Q_LEN = 32;
    // Domain separators of RFC 9381 §5.4.1.1, §5.4.3 and §5.2 (front bytes; every back byte is 0x00).
    private static final byte ENCODE_TO_CURVE_FRONT = 0x01;
    private static final byte CHALLENGE_FRONT = 0x02;
    private static final byte PROOF_TO_HASH_FRONT = 0x03;
    private static final byte BACK = 0x00;

    private EcVrf() {
    }

    /** The public key of a 32-byte secret key: the Ed25519 public key of the same RFC 8032 seed. */
    public static byte[] publicKey(byte[] secretKey32) {
        return EdPoint.baseTimes(secretScalar(sha512(requireSecret(secretKey32)))).encode();
    }

    /** ECVRF_prove (RFC 9381 §5.1): the 80-byte proof pi for {@code alpha} under the secret key. */
    public static byte[] prove(byte[] secretKey32, byte[] alpha) {
        return proveWithOutput(secretKey32, alpha).pi();
    }

    /** A proof and its output beta (= {@link #proofToHash} of pi), computed together. */
    record Proved(byte[] pi, byte[] beta) {
    }

    /** {@link #prove} and, from the same Gamma, its beta: what the agent needs, without decoding Gamma again. */
    static Proved proveWithOutput(byte[] secretKey32, byte[] alpha) {
        if (alpha == null) {
            throw new IllegalArgumentException("alpha must not be null");
        }
        byte[] hashedSk = sha512(requireSecret(secretKey32));
        BigInteger x = secretScalar(hashedSk);
        byte[] pk = EdPoint.baseTimes(x).encode();
        EdPoint h = encodeToCurve(pk, alpha);
        if (h == null) {
            // Every one of 256 counters failing has probability about 2^-256; no input reaches this in practice.
            throw new IllegalStateException("encode_to_curve found no point");
        }
        byte[] hString = h.encode();
        BigInteger k = nonce(hashedSk, hString);
        EdPoint gamma = h.times(x);
        byte[][] enc = EdPoint.encodeAll(gamma, EdPoint.baseTimes(k), h.times(k), gamma.timesCofactor());
        byte[] c = challenge(pk, hString, enc[0], enc[1], enc[2]);
        BigInteger s = k.add(Le.toInt(c).multiply(x)).mod(EdPoint.L);
        byte[] pi = new byte[PROOF_LENGTH];
        System.arraycopy(enc[0], 0, pi, 0, PT_LEN);
        System.arraycopy(c, 0, pi, PT_LEN, C_LEN);
        System.arraycopy(Le.toBytes(s, Q_LEN), 0, pi, PT_LEN + C_LEN, Q_LEN);
        return new Proved(pi, hashOfCofactorGamma(enc[3]));
    }

    /**
     * ECVRF_verify (RFC 9381 §5.3, validate_key = TRUE): beta when pi is a valid proof for {@code alpha} under the
     * public key, empty otherwise. Never throws: null, wrong lengths and undecodable bytes are all just empty.
     */
    public static Optional<byte[]> verify(byte[] publicKey32, byte[] pi, byte[] alpha) {
        if (publicKey32 == null || pi == null || alpha == null || publicKey32.length != KEY_LENGTH) {
            return Optional.empty();
        }
        Proof proof = decodeProof(pi);
        if (proof == null) {
            return Optional.empty();
        }
        EdPoint y = validateKey(publicKey32);
        if (y == null) {
            return Optional.empty();
        }
        EdPoint h = encodeToCurve(publicKey32, alpha);
        if (h == null) {
            return Optional.empty();
        }
        EdPoint u = EdPoint.baseTimesMinus(proof.s, proof.c, y);               // s·B − c·Y
        EdPoint v = EdPoint.timesMinus(proof.s, h, proof.c, proof.gamma);      // s·H − c·Gamma
        byte[][] enc = EdPoint.encodeAll(h, proof.gamma, u, v, proof.gamma.timesCofactor());
        byte[] expected = challenge(publicKey32, enc[0], enc[1], enc[2], enc[3]);
        if (!MessageDigest.isEqual(expected, proof.cString)) {
            return Optional.empty();
        }
        return Optional.of(hashOfCofactorGamma(enc[4]));
    }

    /**
     * ECVRF_proof_to_hash (RFC 9381 §5.2): beta of a proof without checking it (only a verified proof's beta means
     * anything). Throws IllegalArgumentException when pi does not decode (§5.4.4).
     */
    public static byte[] proofToHash(byte[] pi) {
        Proof proof = decodeProof(pi);
        if (proof == null) {
            throw new IllegalArgumentException("not a decodable ECVRF-EDWARDS25519-SHA512-TAI proof");
        }
        return gammaToHash(proof.gamma);
    }

    private record Proof(EdPoint gamma, byte[] cString, BigInteger c, BigInteger s) {
    }

    /** ECVRF_decode_proof (§5.4.4): null when the length is wrong, Gamma does not decode, or s ≥ L. */
    private static Proof decodeProof(byte[] pi) {
        if (pi == null || pi.length != PROOF_LENGTH) {
            return null;
        }
        BigInteger s = Le.toInt(Arrays.copyOfRange(pi, PT_LEN + C_LEN, PROOF_LENGTH));
        if (s.compareTo(EdPoint.L) >= 0) {
            return null;
        }
        EdPoint gamma = EdPoint.decode(Arrays.copyOfRange(pi, 0, PT_LEN));
        if (gamma == null) {
            return null;
        }
        byte[] cString = Arrays.copyOfRange(pi, PT_LEN, PT_LEN + C_LEN);
        return new Proof(gamma, cString, Le.toInt(cString), s);
    }

    /** ECVRF_validate_key (§5.4.5): the decoded key, or null when it is not canonical or has small order. */
    private static EdPoint validateKey(byte[] pk) {
        EdPoint y = EdPoint.decode(pk);
        if (y == null || y.timesCofactor().isIdentity()) {
            return null;
        }
        return y;
    }

    /**
     * ECVRF_encode_to_curve_try_and_increment (§5.4.1.1), salted with the public key's encoding: hash with a
     * one-byte counter until the first 32 bytes decode as a point, then clear the cofactor. Null if none of the 256
     * counters gives a point.
     */
    static EdPoint encodeToCurve(byte[] salt, byte[] alpha) {
        for (int ctr = 0; ctr <= 0xff; ctr++) {
            byte[] hash = sha512(new byte[]{SUITE, ENCODE_TO_CURVE_FRONT}, salt, alpha, new byte[]{(byte) ctr, BACK});
            EdPoint p = EdPoint.decode(Arrays.copyOf(hash, PT_LEN));
            if (p != null) {
                return p.timesCofactor();
            }
        }
        return null;
    }

    /** ECVRF_nonce_generation_RFC8032 (§5.4.2.2): SHA-512(second half of SHA-512(SK) ‖ h_string) mod L. */
    private static BigInteger nonce(byte[] hashedSk, byte[] hString) {
        return Le.toInt(sha512(Arrays.copyOfRange(hashedSk, 32, 64), hString)).mod(EdPoint.L);
    }

    /** ECVRF_challenge_generation (§5.4.3): the first cLen bytes of the hash of the five points' encodings. */
    static byte[] challenge(byte[] p1, byte[] p2, byte[] p3, byte[] p4, byte[] p5) {
        byte[] hash = sha512(new byte[]{SUITE, CHALLENGE_FRONT}, p1, p2, p3, p4, p5, new byte[]{BACK});
        return Arrays.copyOf(hash, C_LEN);
    }

    /** §5.2 steps 4–6: beta = SHA-512(suite ‖ 0x03 ‖ point_to_string(cofactor·Gamma) ‖ 0x00). */
    private static byte[] gammaToHash(EdPoint gamma) {
        return hashOfCofactorGamma(gamma.timesCofactor().encode());
    }

    /** §5.2 step 5, given point_to_string(cofactor·Gamma). */
    private static byte[] hashOfCofactorGamma(byte[] cofactorGammaString) {
        return sha512(new byte[]{SUITE, PROOF_TO_HASH_FRONT}, cofactorGammaString, new byte[]{BACK});
    }

    /** RFC 8032 §5.1.5: the first half of SHA-512(SK), pruned ("clamped"), read little-endian. */
    private static BigInteger secretScalar(byte[] hashedSk) {
        byte[] a = Arrays.copyOf(hashedSk, 32);
        a[0] &= (byte) 0xf8;
        a[31] &= 0x7f;
        a[31] |= 0x40;
        return Le.toInt(a);
    }

    private static byte[] requireSecret(byte[] secretKey32) {
        if (secretKey32 == null || secretKey32.length != KEY_LENGTH) {
            throw new IllegalArgumentException("a VRF secret key is 32 bytes");
        }
        return secretKey32;
    }

    private static byte[] sha512(byte[]... parts) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-512", e);
        }
        for (byte[] part : parts) {
            md.update(part);
        }
        return md.digest();
    }
}
