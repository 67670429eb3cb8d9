package io.fractallba.pcs.crypto;

import java.util.Base64;

/** Standard-alphabet, padded base64; anything else decodes to null (a failed signature, not an error). */
final class Base64Strict {

    private Base64Strict() {
    }

    static byte[] decode(String s) {
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
