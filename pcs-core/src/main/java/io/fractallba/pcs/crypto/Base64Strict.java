package io.fractallba.pcs.crypto;

import java.util.Base64;

/**
 * Standard-alphabet, padded base64; anything else decodes to null (a failed signature, not an error). Public for the
 * VRF proofs of {@code io.fractallba.pcs.crypto.vrf}, which are carried the same way.
 */
public final class Base64Strict {

    private Base64Strict() {
    }

    public static byte[] decode(String s) {
        if (s == null || s.isEmpty() || s.length() % 4 != 0) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
