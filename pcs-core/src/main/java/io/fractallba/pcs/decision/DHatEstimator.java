package io.fractallba.pcs.decision;

import io.fractallba.pcs.canonical.PyFloat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Recomputes the fractal slope D̂ from box counts (docs/contract.md §4 step 2): points (log2 s, log2 N_j[s]) in scale
 * order, every pairwise slope with |Δx| ≥ 1e-9, the upper median, rounded to 9 decimals. The SDK uses the same code.
 */
public final class DHatEstimator {

    private static final double MIN_DX = 1e-9;

    private DHatEstimator() {
    }

    /** Either a value or the reason it could not be computed. */
    public record Estimate(double value, String failure) {
        public boolean ok() {
            return failure == null;
        }

        static Estimate failed(String why) {
            return new Estimate(Double.NaN, why);
        }
    }

    public static Estimate estimate(List<Long> scales, Map<String, Long> counts) {
        if (scales.size() < 2) {
            return Estimate.failed("need at least 2 scales");
        }
        int n = scales.size();
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            long s = scales.get(i);
            Long count = counts.get(Long.toString(s));
            if (count == null) {
                return Estimate.failed("missing N_j for scale " + s);
            }
            if (count <= 0 || s <= 0) {
                return Estimate.failed(count <= 0 ? "non-positive N_j for scale " + s : "non-positive scale " + s);
            }
            xs[i] = Log2.of(s);
            ys[i] = Log2.of(count);
        }
        double[] slopes = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = xs[j] - xs[i];
                if (Math.abs(dx) >= MIN_DX) {
                    slopes[k++] = (ys[j] - ys[i]) / dx;
                }
            }
        }
        if (k == 0) {
            return Estimate.failed("no valid slope");
        }
        double[] valid = Arrays.copyOf(slopes, k);
        Arrays.sort(valid);
        return new Estimate(PyFloat.round9(valid[k / 2]), null);
    }
}
