package io.fractallba.pcs.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Payload of {@code cost.budget.v1}: a tenant's month-to-date spend crossed its soft or hard budget. Raised once per
 * tenant, month and level (event id derived from them); a verifier may throttle or refuse a tenant past its hard cap.
 */
public record BudgetCrossed(
        @JsonProperty("tenant") String tenant,
        @JsonProperty("month") String month,
        @JsonProperty("level") String level,
        @JsonProperty("spent_usd") String spentUsd,
        @JsonProperty("limit_usd") String limitUsd) {

    public static final String TYPE = "cost.budget";
    public static final int VERSION = 1;
}
