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

    /**
     * The problem for an error the HTTP layer raised itself (unknown path, wrong method or media type …): a stable
     * slug per status and a detail that never echoes internals for 404/405.
     */
    public static Problem forHttpStatus(int status, String reasonPhrase, String message) {
        String slug = switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "body-too-large";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            default -> message == null ? "request rejected" : message;
        };
        return of(slug, reasonPhrase == null ? "HTTP error" : reasonPhrase, status, detail);
    }

    public Problem withField(String f) {
        return new Problem(type, title, status, detail, instance, f);
    }

    public Problem withInstance(String i) {
        return new Problem(type, title, status, detail, i, field);
    }
}
