package io.fractallba.sdk.load;

import org.HdrHistogram.Histogram;

import java.util.Map;

/**
 * Measured outcome of a load run: latency histogram (microseconds), status counts, wall time, and the event keys of
 * the requests the verifier acknowledged (200 or 202) — a 503 or a broken connection is not an acknowledgement.
 */
public record LoadResult(Histogram latencyMicros, Map<Integer, Long> statuses, Map<String, Map<Integer, Long>> byKind,
                         long errors, double seconds, Map<Integer, java.util.List<String>> sampleBodies,
                         java.util.Set<String> acknowledgedKeys, Map<String, Long> refusalsByProblem) {

    public long total() {
        return statuses.values().stream().mapToLong(Long::longValue).sum() + errors;
    }

    public double throughput() {
        return total() / seconds;
    }

    public double percentileMillis(double p) {
        return latencyMicros.getValueAtPercentile(p) / 1000.0;
    }
}
