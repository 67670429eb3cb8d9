package io.fractallba.verifier.ratelimit;

/** Result of the rate-limit and quota check; {@code retryAfterSeconds} is set when refused. */
public record Admission(boolean admitted, String reason, long retryAfterSeconds) {
    public static final Admission ADMITTED = new Admission(true, null, 0);
}
