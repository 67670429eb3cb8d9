package io.fractallba.pcs.crypto;

/** Produces the base64 signature of a canonical payload (used by agents, the SDK and tests). */
public interface PcsSigner {

    String sign(byte[] payload);

    /** {@code material}: the secret for HMAC variants, the 32-byte private seed for Ed25519. */
    static PcsSigner of(SignatureAlgorithm alg, byte[] material) {
        return switch (alg) {
            case HMAC -> new HmacPcsSigner(material, false);
            case HMAC_LEGACY -> new HmacPcsSigner(material, true);
            case ED25519 -> new Ed25519PcsSigner(material);
            case NONE -> payload -> "";
        };
    }
}
