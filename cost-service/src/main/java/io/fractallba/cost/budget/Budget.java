package io.fractallba.cost.budget;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;

/** A tenant's monthly budget: an alert at {@code soft}, a hard cap at {@code hard} (≥ soft). */
public record Budget(@JsonProperty("tenant") String tenant, @JsonProperty("soft_usd") BigDecimal softUsd,
                     @JsonProperty("hard_usd") BigDecimal hardUsd) {

    public Budget {
        if (softUsd == null || hardUsd == null || softUsd.signum() < 0 || hardUsd.compareTo(softUsd) < 0) {
            throw new IllegalArgumentException("a budget needs 0 ≤ soft_usd ≤ hard_usd");
        }
    }

    /** The levels {@code spent} has reached, lowest first. */
    public java.util.List<String> levelsReached(BigDecimal spent) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (spent.compareTo(softUsd) >= 0) {
            out.add("soft");
        }
        if (spent.compareTo(hardUsd) >= 0) {
            out.add("hard");
        }
        return out;
    }
}
