package io.fractallba.pcs.model;

import java.util.Optional;

/** The three regimes of docs/contract.md §4, with their wire names. */
public enum Regime {
    STICKY("sticky"),
    MIXED("mixed"),
    NON_STICKY("non_sticky");

    private final String wireName;

    Regime(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Regime> fromWire(String name) {
        for (Regime r : values()) {
            if (r.wireName.equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
