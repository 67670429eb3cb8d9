package io.fractallba.hrs.runtime;

import io.fractallba.hrs.features.FeatureSchema;
import io.fractallba.hrs.training.TrainingPipeline;

/**
 * Population stability index per feature: the share of recently served submissions in each bin bounded by the
 * training deciles (from the active model's training split) against the share the training values had in that bin
 * (ties make bins uneven, so the shares are measured, not assumed to be 10%). Missing values are left out.
 * PSI above 0.25 is the usual "the population moved" line (alert FlkHrsFeatureDrift).
 */
public final class DriftMonitor {

    private static final double EPS = 1e-4;
    private final int features = FeatureSchema.FEATURES.size();
    private final int window;
    private final double[][] recent;
    private int next;
    private int filled;
    private volatile double[][] deciles;
    private volatile double[][] shares;

    public DriftMonitor(int window) {
        this.window = window;
        this.recent = new double[window][];
    }

    /** The training deciles to compare with; clears the window (a new model has a new reference). */
    public synchronized void reference(double[][] trainingDeciles, double[][] trainingShares) {
        this.deciles = trainingDeciles;
        this.shares = trainingShares;
        filled = 0;
        next = 0;
    }

    public synchronized void observe(double[] vector) {
        recent[next] = vector;
        next = (next + 1) % window;
        filled = Math.min(window, filled + 1);
    }

    /** PSI of feature {@code j}; NaN without a reference, without a spread in training, or with under 100 values. */
    public synchronized double psi(int j) {
        double[][] ref = deciles;
        if (ref == null || ref[j] == null || Double.isNaN(ref[j][0]) || ref[j][0] == ref[j][8] || shares == null) {
            return Double.NaN;
        }
        int[] counts = new int[10];
        int n = 0;
        for (int i = 0; i < filled; i++) {
            double v = recent[i][j];
            if (Double.isNaN(v)) {
                continue;
            }
            counts[TrainingPipeline.bin(ref[j], v)]++;
            n++;
        }
        if (n < 100) {
            return Double.NaN;
        }
        double psi = 0;
        for (int b = 0; b < 10; b++) {
            double actual = Math.max(EPS, counts[b] / (double) n);
            double expected = Math.max(EPS, shares[j][b]);
            psi += (actual - expected) * Math.log(actual / expected);
        }
        return psi;
    }

    public int features() {
        return features;
    }
}
