package io.fractallba.pcs.crypto.vrf;

import io.fractallba.pcs.crypto.Base64Strict;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * VRF-derived seeds: how a PCS's {@code seed} is bound to its {@code merkle_root} so that an agent cannot grind the
 * seed until coh★ looks good. The seed is the first 8 bytes of the ECVRF-EDWARDS25519-SHA512-TAI output ({@link EcVrf})
 * under the tenant's VRF key over {@code ASCII("fractal-lba/seed/v1:") ‖ UTF-8(merkle_root)}; the proof travels in
 * the PCS as the top-level member {@value #MEMBER} (standard padded base64 of the 80-byte proof), outside the
 * signed payload. {@code contract/golden/vrf-vectors.json} pins every step for the other SDKs.
 */
public final class VrfSeed {

    /** The PCS member carrying the proof. */
    public static final String MEMBER = "vrf_proof";
    /** Domain separation: these VRF outputs are seeds of this suite, version 1, and nothing else. */
    public static final String ALPHA_PREFIX = "fractal-lba/seed/v1:";

    private VrfSeed() {
    }

    /** A seed with the proof that it is the VRF output for the merkle_root it was derived for. */
    public record Derived(long seed, String proofBase64) {
    }

    /** The outcome of {@link #check}: the first failing step, in the order of the constants. */
    public enum Result {
        VALID("vrf_valid"),
        MISSING_PROOF("vrf_proof_missing"),
        MALFORMED_PROOF("vrf_proof_malformed"),
        INVALID_PROOF("vrf_proof_invalid"),
        SEED_MISSING("vrf_seed_missing"),
        SEED_MISMATCH("vrf_seed_mismatch");

        private final String reasonCode;

        Result(String reasonCode) {
            this.reasonCode = reasonCode;
        }

        public String reasonCode() {
            return reasonCode;
        }
    }

    /** The VRF input for a merkle_root: {@code ASCII("fractal-lba/seed/v1:") ‖ UTF-8(merkleRoot)}. */
    public static byte[] alpha(String merkleRoot) {
        Objects.requireNonNull(merkleRoot, "merkleRoot");
        byte[] prefix = ALPHA_PREFIX.getBytes(StandardCharsets.US_ASCII);
        byte[] root = merkleRoot.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(prefix.length + root.length).put(prefix).put(root).array();
    }

    /** The seed of a VRF output: its first 8 bytes as a big-endian two's-complement long. */
    public static long seedOf(byte[] beta) {
        if (beta == null || beta.length != EcVrf.OUTPUT_LENGTH) {
            throw new IllegalArgumentException("a VRF output is " + EcVrf.OUTPUT_LENGTH + " bytes");
        }
        return ByteBuffer.wrap(beta, 0, Long.BYTES).getLong();
    }

    /** The agent's side: the seed for {@code merkleRoot} under the tenant's VRF secret key, and its proof. */
    public static Derived derive(byte[] secretKey32, String merkleRoot) {
        EcVrf.Proved proved = EcVrf.proveWithOutput(secretKey32, alpha(merkleRoot));
        return new Derived(seedOf(proved.beta()), Base64.getEncoder().encodeToString(proved.pi()));
    }

    /**
     * The verifier's side: does the document's seed come from its merkle_root under the tenant's VRF public key?
     * Never throws on what a client sent (proof, seed); the public key and merkle_root must not be null.
     */
    public static Result check(byte[] publicKey32, String merkleRoot, String proofBase64OrNull, Long seedOrNull) {
        Objects.requireNonNull(publicKey32, "publicKey32");
        Objects.requireNonNull(merkleRoot, "merkleRoot");
        if (proofBase64OrNull == null || proofBase64OrNull.isEmpty()) {
            return Result.MISSING_PROOF;
        }
        Optional<byte[]> pi = decodeProof(proofBase64OrNull);
        if (pi.isEmpty()) {
            return Result.MALFORMED_PROOF;
        }
        Optional<byte[]> beta = EcVrf.verify(publicKey32, pi.get(), alpha(merkleRoot));
        if (beta.isEmpty()) {
            return Result.INVALID_PROOF;
        }
        if (seedOrNull == null) {
            return Result.SEED_MISSING;
        }
        return seedOrNull == seedOf(beta.get()) ? Result.VALID : Result.SEED_MISMATCH;
    }

    /**
     * Strict standard padded base64 of exactly 80 bytes, in its one canonical spelling: Java's decoder ignores the
     * unused low bits of the last character, so "…A=" and "…B=" would decode alike; requiring the re-encoding to be
     * the text itself keeps one proof to one text and the verdict the same in every language's decoder.
     */
    private static Optional<byte[]> decodeProof(String text) {
        byte[] pi = Base64Strict.decode(text);
        if (pi == null || pi.length != EcVrf.PROOF_LENGTH || !Base64.getEncoder().encodeToString(pi).equals(text)) {
            return Optional.empty();
        }
        return Optional.of(pi);
    }
}
