package io.fractallba.pcs.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * RFC 9457 problem details, the one error body of every service. {@code type} is a stable URN per error
 * ({@code urn:fractal-lba:problem:<slug>}); {@code field} names the offending member when there is one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        @JsonProperty("type") String type,
        @JsonProperty("title") String title,
        @JsonProperty("status") int status,
        @JsonProperty("detail") String detail,
        @JsonProperty("instance") String instance,
        @JsonProperty("field") String field) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String PREFIX = "urn:fractal-lba:problem:";

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(PREFIX + slug, title, status, detail, null, null);
    }

    public Problem withField(String f) {
        return new Problem(type, title, status, detail, instance, f);
    }

    public Problem withInstance(String i) {
        return new Problem(type, title, status, detail, i, field);
    }
}
