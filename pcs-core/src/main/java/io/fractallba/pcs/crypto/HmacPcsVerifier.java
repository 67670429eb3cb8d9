package io.fractallba.pcs.crypto;

import java.security.MessageDigest;

final class HmacPcsVerifier implements PcsVerifier {

    private final Hmac hmac;

    HmacPcsVerifier(byte[] secret, boolean legacy) {
        this.hmac = new Hmac(secret, legacy);
    }

    @Override
    public boolean verify(byte[] payload, String signatureBase64) {
        byte[] given = Base64Strict.decode(signatureBase64);
        if (given == null) {
            return false;
        }
        return MessageDigest.isEqual(hmac.mac(payload), given); // constant-time for equal lengths
    }
}
