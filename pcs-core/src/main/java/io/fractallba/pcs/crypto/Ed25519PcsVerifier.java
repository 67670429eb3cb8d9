package io.fractallba.pcs.crypto;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Pure Ed25519 (RFC 8032) over SHA-256(payload), with BouncyCastle's fast implementation. */
final class Ed25519PcsVerifier implements PcsVerifier {

    private final Ed25519PublicKeyParameters publicKey;

    Ed25519PcsVerifier(byte[] rawPublicKey) {
        if (rawPublicKey == null || rawPublicKey.length != Ed25519PublicKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("Ed25519 public key must be 32 raw bytes");
        }
        this.publicKey = new Ed25519PublicKeyParameters(rawPublicKey, 0);
    }

    @Override
    public boolean verify(byte[] payload, String signatureBase64) {
        byte[] sig = Base64Strict.decode(signatureBase64);
        if (sig == null || sig.length != 64) {
            return false;
        }
        byte[] digest = Hashes.sha256(payload);
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, publicKey);
        verifier.update(digest, 0, digest.length);
        return verifier.verifySignature(sig);
    }
}
