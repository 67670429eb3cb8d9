package io.fractallba.verifier.submit;

import io.fractallba.pcs.problem.Problem;

/**
 * How a submission ended. {@code metricResult} labels it in metrics; {@code handedOff} means its event is in the
 * outbox and the outbox will settle the WAL record.
 */
public record SubmitResult(int status, byte[] body, String contentType, boolean replayed, long retryAfterSeconds,
                           String metricResult, boolean handedOff) {

    static SubmitResult success(int status, byte[] body, boolean replayed, String metricResult, boolean handedOff) {
        return new SubmitResult(status, body, "application/json", replayed, 0, metricResult, handedOff);
    }

    static SubmitResult problem(Problem p, String metricResult, long retryAfterSeconds, byte[] json) {
        return new SubmitResult(p.status(), json, Problem.MEDIA_TYPE, false, retryAfterSeconds, metricResult, false);
    }
}
