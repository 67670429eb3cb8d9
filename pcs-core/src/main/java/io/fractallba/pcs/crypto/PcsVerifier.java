package io.fractallba.pcs.crypto;

/** Checks a base64 signature over a canonical payload. Bad base64 or a wrong length is {@code false}, never an exception. */
public interface PcsVerifier {

    boolean verify(byte[] payload, String signatureBase64);

    /**
     * A verifier for one key. {@code material}: the raw secret bytes for the HMAC variants, the 32-byte raw public key
     * for Ed25519. Throws {@link IllegalArgumentException} for unusable key material (a configuration error).
     */
    static PcsVerifier of(SignatureAlgorithm alg, byte[] material) {
        return switch (alg) {
            case HMAC -> new HmacPcsVerifier(material, false);
            case HMAC_LEGACY -> new HmacPcsVerifier(material, true);
            case ED25519 -> new Ed25519PcsVerifier(material);
            case NONE -> (payload, sig) -> true;
        };
    }
}
