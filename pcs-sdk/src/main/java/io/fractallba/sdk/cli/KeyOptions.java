package io.fractallba.sdk.cli;

import io.fractallba.pcs.crypto.Ed25519Keys;
import io.fractallba.pcs.crypto.PcsSigner;
import io.fractallba.pcs.crypto.PcsVerifier;
import io.fractallba.pcs.crypto.SignatureAlgorithm;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Key material on the command line: an HMAC secret, or an Ed25519 seed (signing) / public key (verifying). */
final class KeyOptions {

    @Option(names = "--alg", defaultValue = "hmac", description = "hmac, hmac-legacy or ed25519 (default ${DEFAULT-VALUE})")
    String alg;

    @Option(names = "--secret", description = "HMAC secret (or set PCS_HMAC_SECRET)")
    String secret;

    @Option(names = "--seed", description = "Ed25519 private seed, 32 bytes as 64 hex digits or base64 (or set PCS_ED25519_SEED)")
    String seed;

    @Option(names = "--public-key", description = "Ed25519 public key, 32 bytes as 64 hex digits or base64")
    String publicKey;

    SignatureAlgorithm algorithm() {
        return SignatureAlgorithm.fromConfig(alg).filter(a -> a != SignatureAlgorithm.NONE)
                .orElseThrow(() -> new IllegalArgumentException("unknown --alg " + alg));
    }

    PcsSigner signer() {
        SignatureAlgorithm a = algorithm();
        return PcsSigner.of(a, a == SignatureAlgorithm.ED25519 ? seedBytes() : secretBytes());
    }

    PcsVerifier verifier() {
        SignatureAlgorithm a = algorithm();
        if (a != SignatureAlgorithm.ED25519) {
            return PcsVerifier.of(a, secretBytes());
        }
        byte[] pub = publicKey != null ? key32("--public-key", publicKey) : Ed25519Keys.publicKeyOf(seedBytes());
        return PcsVerifier.of(a, pub);
    }

    private byte[] secretBytes() {
        String s = secret != null ? secret : System.getenv("PCS_HMAC_SECRET");
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("an HMAC key is needed: --secret or PCS_HMAC_SECRET");
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] seedBytes() {
        String s = seed != null ? seed : System.getenv("PCS_ED25519_SEED");
        if (s == null) {
            throw new IllegalArgumentException("an Ed25519 seed is needed: --seed or PCS_ED25519_SEED");
        }
        return key32("--seed", s);
    }

    /**
     * 32 key bytes written as 64 hex digits (what the Python, TypeScript and Go SDKs print) or as base64 (what the
     * verifier's configuration holds); 44 base64 characters and 64 hex digits cannot be confused.
     */
    static byte[] key32(String option, String text) {
        String t = text.strip();
        byte[] key;
        if (t.matches("[0-9a-fA-F]{64}")) {
            key = java.util.HexFormat.of().parseHex(t);
        } else {
            try {
                key = Base64.getDecoder().decode(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + " is neither 64 hex digits nor base64");
            }
        }
        if (key.length != 32) {
            throw new IllegalArgumentException(option + " must be 32 bytes, got " + key.length);
        }
        return key;
    }
}
