package io.fractallba.ml;

/** Platt scaling: p = σ(a·z + c) fitted on held-out logits, so scores read as probabilities. */
public final class Platt {

    private Platt() {
    }

    /** {@code [a, c]}. */
    public static double[] fit(double[] logit, int[] label) {
        double[][] z = new double[logit.length][1];
        double[] w = new double[logit.length];
        for (int i = 0; i < logit.length; i++) {
            z[i][0] = logit[i];
            w[i] = 1;
        }
        double[] beta = LogisticRegression.fit(z, label, w, 1e-6);
        return new double[]{beta[0], beta[1]};
    }
}
