package io.fractallba.pcs.crypto;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

import java.security.SecureRandom;

/** Ed25519 key pairs as raw bytes (32-byte seed, 32-byte public key), the form the contract exchanges. */
public final class Ed25519Keys {

    private Ed25519Keys() {
    }

    public record KeyPair(byte[] seed, byte[] publicKey) {
    }

    public static byte[] publicKeyOf(byte[] seed) {
        return new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
    }

    public static KeyPair generate(SecureRandom random) {
        Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(random);
        return new KeyPair(priv.getEncoded(), priv.generatePublicKey().getEncoded());
    }
}
