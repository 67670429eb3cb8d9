package io.fractallba.pcs.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The optional {@code usage} block of a submission (docs/contract.md §1 extension, docs/api.md): the LLM usage an agent
 * declares for the work the PCS summarises, attributed by the cost-service. Not signed; every member optional.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeclaredUsage(
        @JsonProperty("model") String model,
        @JsonProperty("task") String task,
        @JsonProperty("input_tokens") Long inputTokens,
        @JsonProperty("output_tokens") Long outputTokens,
        @JsonProperty("provider_cost_usd") Double providerCostUsd) {
}
