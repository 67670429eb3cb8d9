package io.fractallba.hrs.training;

import io.fractallba.ml.Metrics;
import io.fractallba.ml.TrainedModel;
import io.fractallba.ml.Example;

import java.util.List;

/**
 * When a model may replace the active one: its AUROC on the same labelled test rows must be higher beyond what those
 * rows' sampling noise explains — the one-sided 95% lower bound of the gain, by a paired class-stratified bootstrap
 * ({@link Metrics#aurocGainLowerBound}), above 0. "Strictly higher" alone promoted a model 0.001 better on a few
 * hundred rows, i.e. a coin flip, and every promotion resets the shadow comparison and the drift baselines.
 */
public final class PromotionRule {

    static final int RESAMPLES = 1000;
    static final double LEVEL = 0.95;

    private PromotionRule() {
    }

    /** The lower bound of AUROC(candidate) − AUROC(active) on {@code rows} (seeded: the same answer every time). */
    public static double gainLowerBound(TrainedModel candidate, TrainedModel active, List<Example> rows, long seed) {
        double[] a = new double[rows.size()];
        double[] b = new double[rows.size()];
        int[] y = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            a[i] = candidate.score(rows.get(i).x());
            b[i] = active.score(rows.get(i).x());
            y[i] = rows.get(i).label();
        }
        return Metrics.aurocGainLowerBound(a, b, y, RESAMPLES, LEVEL, seed);
    }

    public static boolean beats(double gainLowerBound) {
        return gainLowerBound > 0;
    }
}
