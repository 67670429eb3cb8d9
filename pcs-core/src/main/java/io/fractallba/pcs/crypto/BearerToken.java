package io.fractallba.pcs.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The suite's one check of an {@code Authorization: Bearer <token>} header against a configured token. */
public final class BearerToken {

    private BearerToken() {
    }

    /** True when {@code authorization} is exactly {@code Bearer <token>}; compared in constant time. */
    public static boolean matches(String token, String authorization) {
        return authorization != null && MessageDigest.isEqual(("Bearer " + token).getBytes(StandardCharsets.UTF_8),
                authorization.getBytes(StandardCharsets.UTF_8));
    }
}
