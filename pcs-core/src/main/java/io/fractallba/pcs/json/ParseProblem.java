package io.fractallba.pcs.json;

/** Why a body was rejected before any decision (HTTP 400, or 413 for {@link #TOO_LARGE}). */
public enum ParseProblem {
    TOO_LARGE("body-too-large"),
    MALFORMED_JSON("malformed-json"),
    NOT_AN_OBJECT("not-an-object"),
    DUPLICATE_KEY("duplicate-key"),
    WRONG_TYPE("wrong-type"),
    MISSING_FIELD("missing-field"),
    NUMBER_OUT_OF_RANGE("number-out-of-range"),
    TOO_DEEP("too-deeply-nested");

    private final String slug;

    ParseProblem(String slug) {
        this.slug = slug;
    }

    /** Stable identifier, used in problem+json {@code type} URIs. */
    public String slug() {
        return slug;
    }
}
