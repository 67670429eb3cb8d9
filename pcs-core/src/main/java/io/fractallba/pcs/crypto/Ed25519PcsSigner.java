package io.fractallba.pcs.crypto;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.util.Base64;

final class Ed25519PcsSigner implements PcsSigner {

    private final Ed25519PrivateKeyParameters privateKey;

    Ed25519PcsSigner(byte[] seed) {
        if (seed == null || seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("Ed25519 private key must be a 32-byte seed");
        }
        this.privateKey = new Ed25519PrivateKeyParameters(seed, 0);
    }

    @Override
    public String sign(byte[] payload) {
        byte[] digest = Hashes.sha256(payload);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(digest, 0, digest.length);
        return Base64.getEncoder().encodeToString(signer.generateSignature());
    }
}
