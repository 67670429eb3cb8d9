package io.fractallba.cost.price;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.time.Instant;

/** One unit price over {@code [from, to)} ({@code to} null: open); {@code model} {@code *} applies to every model. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Price(
        @JsonProperty("id") Long id,
        @JsonProperty("version") Integer version,
        @JsonProperty("resource") String resource,
        @JsonProperty("model") String model,
        @JsonProperty("unit") String unit,
        @JsonProperty("usd_per_unit") BigDecimal usdPerUnit,
        @JsonProperty("effective_from") Instant from,
        @JsonProperty("effective_to") Instant to) {

    public static final String ANY_MODEL = "*";

    public boolean covers(Instant t) {
        return !t.isBefore(from) && (to == null || t.isBefore(to));
    }

    public boolean appliesTo(String resource, String model) {
        return this.resource.equals(resource) && (ANY_MODEL.equals(this.model) || this.model.equals(model));
    }

    /** Whether this price wins over {@code other} where both apply: a model's own price, then the newer version. */
    boolean beats(Price other) {
        boolean mine = !ANY_MODEL.equals(model);
        boolean theirs = !ANY_MODEL.equals(other.model);
        if (mine != theirs) {
            return mine;
        }
        return version > other.version;
    }
}
