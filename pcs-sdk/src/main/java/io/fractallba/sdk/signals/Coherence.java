package io.fractallba.sdk.signals;

import io.fractallba.pcs.canonical.PyFloat;

import java.util.List;

/**
 * Directional coherence coh★: the points are projected on {@code directions} unit vectors drawn from the
 * contract's portable generator ({@link DirectionStream}); for each direction the projections are binned into
 * {@code bins} equal-width bins and the coherence is the share of points in the fullest bin; coh★ is the largest
 * coherence (the first direction wins a tie) and v★ its direction. The computation is fixed byte for byte by
 * docs/contract.md, so every SDK builds the same coh★ and v★ from the same trace and seed; the verifier never
 * recomputes it (it only bounds coh★), so PCS files built with the older random generator stay valid.
 */
public final class Coherence {

    public record Result(double cohStar, List<Double> vStar) {
    }

    private Coherence() {
    }

    /** The SDKs' defaults for a PCS (docs/contract.md). */
    public static final int DEFAULT_DIRECTIONS = 100;
    public static final int DEFAULT_BINS = 10;

    public static Result of(List<double[]> points, long seed, int directions, int bins) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("coh★ needs at least one point");
        }
        if (directions < 1 || bins < 1) {
            throw new IllegalArgumentException("directions and bins must be ≥ 1");
        }
        int dim = points.get(0).length;
        DirectionStream stream = new DirectionStream(seed);
        double best = -1;
        double[] bestV = null;
        for (int k = 0; k < directions; k++) {
            double[] v = stream.nextDirection(dim);
            double c = coherence(points, v, bins);
            if (c > best) {
                best = c;
                bestV = v;
            }
        }
        Double[] boxed = new Double[dim];
        for (int d = 0; d < dim; d++) {
            boxed[d] = bestV[d];
        }
        return new Result(PyFloat.round9(best), List.of(boxed));
    }

    private static double coherence(List<double[]> points, double[] v, int bins) {
        double[] proj = new double[points.size()];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < proj.length; i++) {
            double s = 0;
            for (int d = 0; d < v.length; d++) {
                s += points.get(i)[d] * v[d];
            }
            proj[i] = s;
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        if (!Double.isFinite(max - min)) { // NaN from inf − inf, or an infinite range: no bin is defined
            throw new IllegalArgumentException("the coordinates are too large: their projections overflow (keep every |x|, |y|, |z| below 1e300)");
        }
        if (max - min < 1e-12) {
            return 1.0; // all points project to one value
        }
        int[] counts = new int[bins];
        int top = 0;
        for (double p : proj) {
            int b = Math.min(bins - 1, (int) ((p - min) / (max - min) * bins));
            top = Math.max(top, ++counts[b]);
        }
        return (double) top / proj.length;
    }
}
