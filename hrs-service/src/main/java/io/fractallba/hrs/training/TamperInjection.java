package io.fractallba.hrs.training;

import io.fractallba.hrs.features.FeatureSchema;
import io.fractallba.ml.Example;
import io.fractallba.ml.SeededSplit;

import java.util.ArrayList;
import java.util.List;

/**
 * Injected tampering for training: labels, real or synthetic, rarely contain a submission whose signals contradict
 * each other, so the integrity features would be (nearly) constant and never learnt. For a seeded share of the
 * training rows that look honest (label 0, every integrity feature at zero) this adds a twin, labelled risky, with one
 * contradiction injected the way the feature extractor would see it:
 * <ul>
 *   <li>{@code d_hat_delta}: the N_j changed by a pure power law s^δ (the recomputed D̂ moves by exactly δ, the
 *   residual of the fit does not), δ between 0.05 and 0.5;</li>
 *   <li>{@code budget_delta}: a budget off the formula by 0.02–0.3;</li>
 *   <li>{@code regime_mismatch}: another regime claimed than the signals give (its one-hot columns follow).</li>
 * </ul>
 * Only the training split is augmented: calibration, conformal and test rows stay as labelled, so the evaluation
 * measures the model on real (or generated) submissions only.
 */
public final class TamperInjection {

    /** Share of the eligible training rows that get a tampered twin. */
    public static final double SHARE = 0.1;
    /** Integrity values at or under this count as "no contradiction" (estimator rounding). */
    static final double HONEST = 0.02;

    private static final int D_HAT_DELTA = FeatureSchema.index("d_hat_delta");
    private static final int BUDGET_DELTA = FeatureSchema.index("budget_delta");
    private static final int REGIME_MISMATCH = FeatureSchema.index("regime_mismatch");
    private static final int STICKY = FeatureSchema.index("regime_sticky");
    private static final int NON_STICKY = FeatureSchema.index("regime_non_sticky");

    private TamperInjection() {
    }

    /** The tampered twins of a seeded share of {@code train}'s honest-looking rows. */
    public static List<Example> twins(List<Example> train, long seed) {
        List<Example> out = new ArrayList<>();
        for (Example e : train) {
            if (!honest(e) || SeededSplit.unit(seed, "tamper/" + e.key()) >= SHARE) {
                continue;
            }
            double u = SeededSplit.unit(seed, "tamper-kind/" + e.key());
            double size = SeededSplit.unit(seed, "tamper-size/" + e.key());
            double[] x = e.x().clone();
            String kind;
            if (u < 1 / 3.0 && !Double.isNaN(x[D_HAT_DELTA])) {
                kind = "d_hat";
                x[D_HAT_DELTA] += 0.05 + 0.45 * size;
            } else if (u < 2 / 3.0) {
                kind = "budget";
                x[BUDGET_DELTA] += 0.02 + 0.28 * size;
            } else {
                kind = "regime";
                x[REGIME_MISMATCH] = 1;
                if (x[STICKY] == 1 || x[NON_STICKY] == 1) {
                    x[STICKY] = 0;       // claims mixed
                    x[NON_STICKY] = 0;
                } else {
                    x[size < 0.5 ? STICKY : NON_STICKY] = 1;
                }
            }
            out.add(new Example(e.key() + "#tampered-" + kind, x, 1, e.weight()));
        }
        return out;
    }

    static boolean honest(Example e) {
        double[] x = e.x();
        return e.label() == 0 && x[REGIME_MISMATCH] == 0 && x[BUDGET_DELTA] <= HONEST
                && (Double.isNaN(x[D_HAT_DELTA]) || x[D_HAT_DELTA] <= HONEST);
    }
}
