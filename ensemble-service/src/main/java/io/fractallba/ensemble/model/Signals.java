package io.fractallba.ensemble.model;

import io.fractallba.ensemble.check.Subject;

/** The vectors the models read from a subject. */
public final class Signals {

    private Signals() {
    }

    /** D̂, coh★, r, budget: the anomaly model's input. */
    public static double[] of(Subject s) {
        return new double[]{s.pcs().dHat(), s.pcs().cohStar(), s.pcs().r(), s.pcs().budget()};
    }

    /** The signals, then the risk score and interval width (NaN without a risk score): the micro-vote model's input. */
    public static double[] features(Subject s) {
        double[] f = new double[6];
        System.arraycopy(of(s), 0, f, 0, 4);
        boolean scored = s.risk() != null && s.risk().scored();
        f[4] = scored ? s.risk().score() : Double.NaN;
        f[5] = scored ? s.risk().high() - s.risk().low() : Double.NaN;
        return f;
    }

    public static final java.util.List<String> FEATURE_NAMES = java.util.List.of("d_hat", "coh_star", "r", "budget",
            "risk_score", "risk_interval_width");
}
