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
public record SpendProfile(String tenant, LocalDate from, LocalDate to, LocalDate firstDay, BigDecimal totalUsd,
                           List<ModelSpend> models, Map<String, ResourceSpend> resources) {

    /**
     * Everything attributed to one model (its tokens and the verifier's work on its submissions); {@code unpricedRows}
     * counts usage with no price in force, whose cost is not known yet.
     */
    public record ModelSpend(String model, BigDecimal costUsd, long trustedTasks, long unpricedRows) {
        public ModelSpend(String model, BigDecimal costUsd, long trustedTasks) {
            this(model, costUsd, trustedTasks, 0);
        }
    }

    public record ResourceSpend(String resource, BigDecimal costUsd, BigDecimal quantity) {
    }

    public SpendProfile {
        models = List.copyOf(models);
        resources = Map.copyOf(resources);
    }

    /**
     * Days the figures cover: the window ({@code to} exclusive) from the tenant's first day of spend in it, so a
     * tenant younger than the window is not scaled as if it had spent nothing before.
     */
    public int days() {
        LocalDate start = firstDay != null && firstDay.isAfter(from) ? firstDay : from;
        return (int) (to.toEpochDay() - start.toEpochDay());
    }
}
