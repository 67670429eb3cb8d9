package io.fractallba.hrs.training;

import io.fractallba.ml.Metrics;
import io.fractallba.ml.TrainedModel;
import io.fractallba.ml.Example;

import java.util.List;

/**
 * When a model may replace the active one: its AUROC on the same labelled test rows must be higher beyond what those
 * rows' sampling noise explains — the one-sided 95% lower bound of the gain, by a paired class-stratified bootstrap
 * ({@link Metrics#aurocGainLowerBound}), above 0. "Strictly higher" alone promoted a model 0.001 better on a few
 * hundred rows, i.e. a coin flip, and every promotion resets the shadow comparison and the drift baselines. Nor may
 * calibration or interval coverage regress ({@link #regressions}).
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

    /** How much worse calibration (ECE, absolute) and interval coverage may get than the active model's. */
    static final double ECE_TOLERANCE = 0.02;
    static final double COVERAGE_TOLERANCE = 0.03;

    /**
     * What the candidate does worse than the active model on the same rows beyond the tolerances — calibration (ECE)
     * or interval coverage below both the active model's and the nominal level — empty when nothing regresses. A
     * better ranking bought with worse probabilities or intervals is not a better model for a score read as a
     * probability with an interval.
     */
    public static List<String> regressions(Evaluation candidate, Evaluation active) {
        List<String> out = new java.util.ArrayList<>();
        if (candidate.ece() > active.ece() + ECE_TOLERANCE) {
            out.add(String.format(java.util.Locale.ROOT, "ECE %.4f vs %.4f (tolerance %.2f)", candidate.ece(),
                    active.ece(), ECE_TOLERANCE));
        }
        double floor = Math.min(active.coverage(), candidate.nominalCoverage()) - COVERAGE_TOLERANCE;
        if (candidate.coverage() < floor) {
            out.add(String.format(java.util.Locale.ROOT, "interval coverage %.4f below %.4f (the active model's %.4f or "
                    + "nominal %.2f, less %.2f)", candidate.coverage(), floor, active.coverage(),
                    candidate.nominalCoverage(), COVERAGE_TOLERANCE));
        }
        return out;
    }
}
