package io.fractallba.cost.advice;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One recommendation of the optimisation advisor: what to change, the monthly saving it estimates and how
 * ({@code basis}), the tenant's own figures it rests on ({@code evidence}), how to apply it and what the estimate
 * assumes. {@code measured_on} names the daily series whose counterfactual forecast measures the realised saving once
 * the recommendation is recorded as applied: the tenant's whole spend, or one resource's.
 *
 * @param id stable for the same advice on the same tenant ({@code kind} or {@code kind:target}), so it can be applied
 */
public record Recommendation(@JsonProperty("id") String id, @JsonProperty("kind") String kind,
                             @JsonProperty("title") String title,
                             @JsonProperty("estimated_monthly_saving_usd") BigDecimal estimatedMonthlySavingUsd,
                             @JsonProperty("basis") String basis,
                             @JsonProperty("evidence") Map<String, Object> evidence,
                             @JsonProperty("apply") List<String> apply,
                             @JsonProperty("assumptions") List<String> assumptions,
                             @JsonProperty("measured_on") String measuredOn) {

    /** The series a realised saving is measured on: the tenant's whole spend. */
    public static final String TENANT_TOTAL = "tenant_total";

    /** The resource whose spend measures the realised saving, or null for the tenant's whole spend. */
    public String scopeResource() {
        return TENANT_TOTAL.equals(measuredOn) ? null : measuredOn.substring("resource:".length());
    }
}
