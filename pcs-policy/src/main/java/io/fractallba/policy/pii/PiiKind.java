package io.fractallba.policy.pii;

import java.util.Optional;

/**
 * The kinds of personal data and secrets the verifier looks for in what agents attach. The codes are the wire names
 * (tenant policy, metrics, events), so they never change once published.
 */
public enum PiiKind {
    EMAIL("email"),
    PHONE("phone"),
    PAYMENT_CARD("payment_card"),
    IBAN("iban"),
    IP_ADDRESS("ip_address"),
    NATIONAL_ID("national_id"),
    SECRET("secret");

    private final String code;

    PiiKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<PiiKind> ofCode(String code) {
        for (PiiKind k : values()) {
            if (k.code.equals(code)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
