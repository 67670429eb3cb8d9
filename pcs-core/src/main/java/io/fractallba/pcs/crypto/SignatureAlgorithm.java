package io.fractallba.pcs.crypto;

import java.util.Optional;

/** Signature algorithms of docs/contract.md §2; {@code none} exists only for tenants explicitly configured for it. */
public enum SignatureAlgorithm {
    HMAC("hmac"),
    HMAC_LEGACY("hmac-legacy"),
    ED25519("ed25519"),
    NONE("none");

    private final String configName;

    SignatureAlgorithm(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Optional<SignatureAlgorithm> fromConfig(String name) {
        for (SignatureAlgorithm a : values()) {
            if (a.configName.equalsIgnoreCase(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
