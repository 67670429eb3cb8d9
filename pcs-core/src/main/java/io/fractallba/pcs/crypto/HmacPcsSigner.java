package io.fractallba.pcs.crypto;

import java.util.Base64;

final class HmacPcsSigner implements PcsSigner {

    private final Hmac hmac;

    HmacPcsSigner(byte[] secret, boolean legacy) {
        this.hmac = new Hmac(secret, legacy);
    }

    @Override
    public String sign(byte[] payload) {
        return Base64.getEncoder().encodeToString(hmac.mac(payload));
    }
}
