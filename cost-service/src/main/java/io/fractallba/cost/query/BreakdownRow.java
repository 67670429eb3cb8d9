package io.fractallba.cost.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * One row of a breakdown: its time bucket (absent for {@code total}), the values of the grouped dimensions, the
 * exact cost, the quantity (only when grouped by resource, as units differ), the usage not priced, the trusted
 * (accepted, not escalated) tasks, and cost per trusted task.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BreakdownRow(
        @JsonProperty("bucket") Instant bucket,
        @JsonProperty("group") Map<String, String> group,
        @JsonProperty("cost_usd") BigDecimal costUsd,
        @JsonProperty("quantity") BigDecimal quantity,
        @JsonProperty("unpriced_rows") long unpriced,
        @JsonProperty("trusted_tasks") long trustedTasks,
        @JsonProperty("cost_per_trusted_task_usd") BigDecimal costPerTrustedTask) {
}
