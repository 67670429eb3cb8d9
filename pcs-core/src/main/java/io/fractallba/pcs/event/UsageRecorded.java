package io.fractallba.pcs.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * Payload of {@code cost.usage.v1}: resource quantities a service spent on a tenant's behalf, e.g.
 * {@code cpu_ms}, {@code bytes}, {@code proofs}, {@code anchors}, {@code input_tokens}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageRecorded(
        @JsonProperty("tenant") String tenant,
        @JsonProperty("service") String service,
        @JsonProperty("model") String model,
        @JsonProperty("task") String task,
        @JsonProperty("pcs_id") String pcsId,
        @JsonProperty("quantities") Map<String, Double> quantities) {

    public static final String TYPE = "cost.usage";
    public static final int VERSION = 1;
}
