package io.fractallba.cost.advice;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What one tenant spent over a window of whole days, as the advisor reads it: per model (cost, trusted tasks) and per
 * resource (cost, quantity). Built from the daily rollups by {@link SpendProfiles}; plain data, so the advisor's
 * rules are tested without a database.
 */
public record SpendProfile(String tenant, LocalDate from, LocalDate to, BigDecimal totalUsd, List<ModelSpend> models,
                           Map<String, ResourceSpend> resources) {

    /** Everything attributed to one model (its tokens and the verifier's work on its submissions). */
    public record ModelSpend(String model, BigDecimal costUsd, long trustedTasks) {
    }

    public record ResourceSpend(String resource, BigDecimal costUsd, BigDecimal quantity) {
    }

    public SpendProfile {
        models = List.copyOf(models);
        resources = Map.copyOf(resources);
    }

    /** Days in the window ({@code to} exclusive). */
    public int days() {
        return (int) (to.toEpochDay() - from.toEpochDay());
    }
}
