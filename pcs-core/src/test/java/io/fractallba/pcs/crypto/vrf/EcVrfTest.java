package io.fractallba.pcs.crypto.vrf;

import io.fractallba.pcs.crypto.Ed25519Keys;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ECVRF-EDWARDS25519-SHA512-TAI against RFC 9381 Appendix B.3 and against hostile proofs and keys; VrfSeed's verdicts. */
class EcVrfTest {

    private static final HexFormat HEX = HexFormat.of();

    /** All of RFC 9381 Appendix B.3 (ECVRF-EDWARDS25519-SHA512-TAI), Examples 16, 17 and 18. */
    private static final List<VrfVectors.Rfc> RFC_9381_B3 = VrfVectors.RFC_9381_B3;

    private static final VrfVectors.Rfc EX16 = RFC_9381_B3.get(0);

    private static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    private static Optional<byte[]> verify(String pkHex, byte[] pi, String alphaHex) {
        return EcVrf.verify(hex(pkHex), pi, hex(alphaHex));
    }

    @Test
    void rfcVectorsProveVerifyAndHashExactly() {
        for (VrfVectors.Rfc v : RFC_9381_B3) {
            assertThat(HEX.formatHex(EcVrf.publicKey(hex(v.sk())))).as(v.name() + " PK").isEqualTo(v.pk());
            assertThat(HEX.formatHex(EcVrf.prove(hex(v.sk()), hex(v.alpha())))).as(v.name() + " pi").isEqualTo(v.pi());
            assertThat(verify(v.pk(), hex(v.pi()), v.alpha())).as(v.name() + " verify")
                    .hasValueSatisfying(beta -> assertThat(HEX.formatHex(beta)).isEqualTo(v.beta()));
            assertThat(HEX.formatHex(EcVrf.proofToHash(hex(v.pi())))).as(v.name() + " proof_to_hash").isEqualTo(v.beta());
        }
    }

    @Test
    void thePublicKeyIsTheEd25519PublicKeyOfTheSameSeed() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 5; i++) {
            byte[] sk = new byte[32];
            random.nextBytes(sk);
            assertThat(EcVrf.publicKey(sk)).isEqualTo(Ed25519Keys.publicKeyOf(sk));
        }
    }

    @Test
    void freshKeysAndInputsRoundTrip() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 4; i++) {
            byte[] sk = new byte[32];
            random.nextBytes(sk);
            byte[] alpha = new byte[random.nextInt(100)];
            random.nextBytes(alpha);
            byte[] pi = EcVrf.prove(sk, alpha);
            assertThat(pi).hasSize(EcVrf.PROOF_LENGTH);
            assertThat(EcVrf.verify(EcVrf.publicKey(sk), pi, alpha)).hasValueSatisfying(beta ->
                    assertThat(beta).hasSize(EcVrf.OUTPUT_LENGTH).isEqualTo(EcVrf.proofToHash(pi)));
            assertThat(EcVrf.prove(sk, alpha)).as("deterministic").isEqualTo(pi);
        }
    }

    @Test
    void aFlippedBitInGammaCOrSIsRefused() {
        for (int index : new int[]{0, 17, 31, 32, 40, 47, 48, 60, 78}) {
            byte[] pi = hex(EX16.pi());
            pi[index] ^= 1;
            assertThat(verify(EX16.pk(), pi, EX16.alpha())).as("bit 0 of byte " + index).isEmpty();
        }
    }

    @Test
    void theWrongKeyOrTheWrongAlphaIsRefused() {
        VrfVectors.Rfc ex17 = RFC_9381_B3.get(1);
        assertThat(verify(ex17.pk(), hex(EX16.pi()), EX16.alpha())).isEmpty();
        assertThat(verify(EX16.pk(), hex(EX16.pi()), "00")).isEmpty();
        assertThat(verify(EX16.pk(), hex(ex17.pi()), ex17.alpha())).isEmpty();
    }

    @Test
    void sPlusLIsNotCanonicalAndRefused() {
        byte[] pi = hex(EX16.pi());
        byte[] sBytes = java.util.Arrays.copyOfRange(pi, 48, 80);
        BigInteger sPlusL = Le.toInt(sBytes).add(EdPoint.L);
        System.arraycopy(Le.toBytes(sPlusL, 32), 0, pi, 48, 32);
        // The same point equation holds for s + L, so only the range check of §5.4.4 refuses it.
        assertThat(verify(EX16.pk(), pi, EX16.alpha())).isEmpty();
        assertThatThrownBy(() -> EcVrf.proofToHash(pi)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void smallOrderAndNonCanonicalPublicKeysAreRefused() {
        String[] keys = {
            "01" + "00".repeat(31),                 // the identity (order 1)
            "ec" + "ff".repeat(30) + "7f",          // y = −1, (0, −1) of order 2
            "00".repeat(32),                        // y = 0, order 4
            "00".repeat(31) + "80",                 // y = 0 with the other x, order 4
            "01" + "00".repeat(30) + "80",          // the identity with the sign bit set: x = 0 cannot be odd
            "ee" + "ff".repeat(30) + "7f",          // y = p + 1, a non-canonical spelling of the identity
            "ed" + "ff".repeat(30) + "7f",          // y = p
            "ff".repeat(32),                        // y = 2^255 − 1 ≥ p
        };
        for (String key : keys) {
            assertThat(verify(key, hex(EX16.pi()), EX16.alpha())).as(key).isEmpty();
        }
    }

    @Test
    void aProofForgedForTheIdentityKeyIsRefusedByKeyValidation() {
        // With Y = 0·B (the identity) anyone knows the "secret" 0: Gamma = identity and s = k satisfy both of the
        // verifier's equations (U = s·B − c·Y = k·B, V = s·H − c·Gamma = k·H) for any alpha. Only validate_key
        // (§5.4.5) stops this proof.
        byte[] identity = hex("01" + "00".repeat(31));
        byte[] alpha = "any input at all".getBytes(StandardCharsets.US_ASCII);
        EdPoint h = EcVrf.encodeToCurve(identity, alpha);
        BigInteger k = new BigInteger(250, new SecureRandom());
        byte[] c = EcVrf.challenge(identity, h.encode(), EdPoint.IDENTITY.encode(), EdPoint.BASE.times(k).encode(),
                h.times(k).encode());
        byte[] forged = new byte[80];
        System.arraycopy(EdPoint.IDENTITY.encode(), 0, forged, 0, 32);
        System.arraycopy(c, 0, forged, 32, 16);
        System.arraycopy(Le.toBytes(k, 32), 0, forged, 48, 32);
        assertThat(EcVrf.verify(identity, forged, alpha)).isEmpty();
    }

    @Test
    void aProofWhoseGammaDoesNotDecodeIsRefusedAndHasNoHash() {
        byte[] pi = hex(EX16.pi());
        System.arraycopy(hex("ed" + "ff".repeat(30) + "7f"), 0, pi, 0, 32);   // y = p: not canonical
        assertThat(verify(EX16.pk(), pi, EX16.alpha())).isEmpty();
        assertThatThrownBy(() -> EcVrf.proofToHash(pi)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wrongLengthsEmptyArraysAndNullsAreEmptyNotExceptions() {
        byte[] pi = hex(EX16.pi());
        byte[] pk = hex(EX16.pk());
        byte[] alpha = hex(EX16.alpha());
        assertThat(EcVrf.verify(java.util.Arrays.copyOf(pk, 31), pi, alpha)).isEmpty();
        assertThat(EcVrf.verify(java.util.Arrays.copyOf(pk, 33), pi, alpha)).isEmpty();
        assertThat(EcVrf.verify(pk, java.util.Arrays.copyOf(pi, 79), alpha)).isEmpty();
        assertThat(EcVrf.verify(pk, java.util.Arrays.copyOf(pi, 81), alpha)).isEmpty();
        assertThat(EcVrf.verify(new byte[0], new byte[0], new byte[0])).isEmpty();
        assertThat(EcVrf.verify(pk, new byte[0], alpha)).isEmpty();
        assertThat(EcVrf.verify(new byte[0], pi, alpha)).isEmpty();
        assertThat(EcVrf.verify(null, pi, alpha)).isEmpty();
        assertThat(EcVrf.verify(pk, null, alpha)).isEmpty();
        assertThat(EcVrf.verify(pk, pi, null)).isEmpty();
        assertThat(EcVrf.verify(pk, new byte[80], alpha)).isEmpty();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 20; i++) {
            byte[] garbage = new byte[80];
            random.nextBytes(garbage);
            byte[] garbageKey = new byte[32];
            random.nextBytes(garbageKey);
            assertThat(EcVrf.verify(pk, garbage, alpha)).isEmpty();
            assertThat(EcVrf.verify(garbageKey, pi, alpha)).isEmpty();
        }
        assertThatThrownBy(() -> EcVrf.proofToHash(new byte[79])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EcVrf.proofToHash(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EcVrf.prove(new byte[31], alpha)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EcVrf.prove(hex(EX16.sk()), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EcVrf.publicKey(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    // --- VrfSeed ---------------------------------------------------------------------------------------------------

    private static final byte[] SK = hex(EX16.sk());
    private static final byte[] PK = hex(EX16.pk());
    private static final String ROOT = "e966b52c992aefad3c3d0196db02554f30d10d55e8a6e5e3038f88e79e414112";

    @Test
    void alphaIsThePrefixThenTheMerkleRoot() {
        assertThat(new String(VrfSeed.alpha(ROOT), StandardCharsets.US_ASCII)).isEqualTo("fractal-lba/seed/v1:" + ROOT);
        assertThat(VrfSeed.alpha("")).isEqualTo("fractal-lba/seed/v1:".getBytes(StandardCharsets.US_ASCII));
        assertThat(VrfSeed.alpha("\u00fc")).endsWith(0xc3, 0xbc);   // UTF-8, not Latin-1
    }

    @Test
    void theSeedIsTheFirstEightBytesBigEndianSigned() {
        byte[] beta = new byte[64];
        beta[7] = 42;
        beta[8] = (byte) 0xff;   // beyond the first 8 bytes: no effect
        assertThat(VrfSeed.seedOf(beta)).isEqualTo(42L);
        java.util.Arrays.fill(beta, 0, 8, (byte) 0xff);
        assertThat(VrfSeed.seedOf(beta)).isEqualTo(-1L);
        beta = hex(EX16.beta());
        assertThat(VrfSeed.seedOf(beta)).isEqualTo(Long.parseUnsignedLong("90cf1df3b703cce5", 16));
        assertThatThrownBy(() -> VrfSeed.seedOf(new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDerivedSeedChecksValid() {
        VrfSeed.Derived d = VrfSeed.derive(SK, ROOT);
        assertThat(VrfSeed.check(PK, ROOT, d.proofBase64(), d.seed())).isEqualTo(VrfSeed.Result.VALID);
        byte[] pi = Base64.getDecoder().decode(d.proofBase64());
        assertThat(d.seed()).isEqualTo(VrfSeed.seedOf(EcVrf.proofToHash(pi)));
        assertThat(VrfSeed.derive(SK, ROOT)).isEqualTo(d);
        assertThat(VrfSeed.Result.VALID.reasonCode()).isEqualTo("vrf_valid");
    }

    @Test
    void aMissingProofIsMissing() {
        VrfSeed.Derived d = VrfSeed.derive(SK, ROOT);
        assertThat(VrfSeed.check(PK, ROOT, null, d.seed())).isEqualTo(VrfSeed.Result.MISSING_PROOF);
        assertThat(VrfSeed.check(PK, ROOT, "", d.seed())).isEqualTo(VrfSeed.Result.MISSING_PROOF);
        assertThat(VrfSeed.Result.MISSING_PROOF.reasonCode()).isEqualTo("vrf_proof_missing");
    }

    @Test
    void aProofThatIsNotCanonicalPaddedBase64OfEightyBytesIsMalformed() {
        VrfSeed.Derived d = VrfSeed.derive(SK, ROOT);
        String good = d.proofBase64();
        assertThat(good).hasSize(108).endsWith("=");
        String noPadding = good.substring(0, good.length() - 1);
        // 80 bytes end in a 3-character group whose last character carries 2 unused bits; set one of them.
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        char last = good.charAt(good.length() - 2);
        String otherTrailingBits = good.substring(0, good.length() - 2) + alphabet.charAt(alphabet.indexOf(last) ^ 1) + "=";
        assertThat(Base64.getDecoder().decode(otherTrailingBits)).as("Java's decoder alone accepts it")
                .isEqualTo(Base64.getDecoder().decode(good));
        for (String bad : List.of("not base64!", noPadding, good + "====",
                good.substring(0, 54) + "\n" + good.substring(54), " " + good,
                Base64.getEncoder().encodeToString(new byte[79]), Base64.getEncoder().encodeToString(new byte[81]),
                otherTrailingBits)) {
            assertThat(VrfSeed.check(PK, ROOT, bad, d.seed())).as(bad).isEqualTo(VrfSeed.Result.MALFORMED_PROOF);
        }
        assertThat(VrfSeed.Result.MALFORMED_PROOF.reasonCode()).isEqualTo("vrf_proof_malformed");
    }

    @Test
    void aProofForAnotherRootOrKeyOrTamperedIsInvalid() {
        VrfSeed.Derived d = VrfSeed.derive(SK, ROOT);
        VrfSeed.Derived other = VrfSeed.derive(SK, "0".repeat(64));
        assertThat(VrfSeed.check(PK, ROOT, other.proofBase64(), other.seed())).isEqualTo(VrfSeed.Result.INVALID_PROOF);
        assertThat(VrfSeed.check(hex(RFC_9381_B3.get(1).pk()), ROOT, d.proofBase64(), d.seed()))
                .isEqualTo(VrfSeed.Result.INVALID_PROOF);
        byte[] pi = Base64.getDecoder().decode(d.proofBase64());
        pi[50] ^= 0x10;
        assertThat(VrfSeed.check(PK, ROOT, Base64.getEncoder().encodeToString(pi), d.seed()))
                .isEqualTo(VrfSeed.Result.INVALID_PROOF);
        assertThat(VrfSeed.check(new byte[3], ROOT, d.proofBase64(), d.seed())).isEqualTo(VrfSeed.Result.INVALID_PROOF);
        assertThat(VrfSeed.Result.INVALID_PROOF.reasonCode()).isEqualTo("vrf_proof_invalid");
    }

    @Test
    void aValidProofWithoutASeedIsSeedMissing() {
        VrfSeed.Derived d = VrfSeed.derive(SK, ROOT);
        assertThat(VrfSeed.check(PK, ROOT, d.proofBase64(), null)).isEqualTo(VrfSeed.Result.SEED_MISSING);
        assertThat(VrfSeed.Result.SEED_MISSING.reasonCode()).isEqualTo("vrf_seed_missing");
    }

    @Test
    void anyOtherSeedIsAMismatch() {
        VrfSeed.Derived d = VrfSeed.derive(SK, ROOT);
        for (long seed : new long[]{d.seed() + 1, d.seed() - 1, ~d.seed(), 42L, 0L}) {
            assertThat(VrfSeed.check(PK, ROOT, d.proofBase64(), seed)).isEqualTo(VrfSeed.Result.SEED_MISMATCH);
        }
        assertThat(VrfSeed.Result.SEED_MISMATCH.reasonCode()).isEqualTo("vrf_seed_mismatch");
    }
}
