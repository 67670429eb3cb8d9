package io.fractallba.pcs.crypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/** HMAC-SHA256 over the payload, or over SHA-256(payload) for the legacy variant. */
final class Hmac {

    private final SecretKeySpec key;
    private final boolean prehash;
    // Mac instances are not thread-safe; one per thread avoids a provider lookup per request.
    private final ThreadLocal<Mac> macs;

    Hmac(byte[] secret, boolean prehash) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("HMAC secret must not be empty");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.prehash = prehash;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    byte[] mac(byte[] payload) {
        Mac mac = macs.get();
        return mac.doFinal(prehash ? Hashes.sha256(payload) : payload);
    }
}
