package io.fractallba.sdk.signals;

import io.fractallba.pcs.canonical.PyFloat;

import java.util.List;
import java.util.Random;

/**
 * Directional coherence coh★: the points are projected on {@code directions} random unit vectors drawn from a
 * seeded generator; for each direction the projections are binned into {@code bins} equal-width bins and the
 * coherence is the share of points in the fullest bin; coh★ is the largest coherence and v★ its direction.
 * The contract does not fix this computation byte for byte (the verifier only bounds coh★); this is the SDK's.
 */
public final class Coherence {

    public record Result(double cohStar, List<Double> vStar) {
    }

    private Coherence() {
    }

    public static Result of(List<double[]> points, long seed, int directions, int bins) {
        if (points.isEmpty()) {
            return new Result(0.0, List.of(1.0, 0.0, 0.0));
        }
        int dim = points.get(0).length;
        Random random = new Random(seed);
        double best = -1;
        double[] bestV = null;
        for (int k = 0; k < directions; k++) {
            double[] v = new double[dim];
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                v[d] = random.nextGaussian();
                norm += v[d] * v[d];
            }
            norm = Math.sqrt(norm);
            for (int d = 0; d < dim; d++) {
                v[d] /= norm;
            }
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
