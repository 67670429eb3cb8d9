package io.fractallba.ml;

import java.util.List;

/**
 * A calibrated linear risk model: standardise (missing → training mean), weigh, add, squash. Platt scaling is folded
 * into the weights, so the score is the calibrated probability and each feature's contribution is its share of the
 * calibrated logit. {@code q} is the (marginal) split-conformal half-width for the nominal coverage {@code 1 − alpha};
 * {@code qByLabel} ({@code [q0, q1]}, null in models stored before it existed) are the class-conditional quantiles
 * ({@link Conformal#byLabel}) the served interval [p − q0, p + q1] uses.
 */
public record TrainedModel(List<String> columns, double[] mean, double[] std, double[] weights, double bias,
                           double q, double alpha, double[] qByLabel) {

    /** A model with the marginal interval only. */
    public TrainedModel(List<String> columns, double[] mean, double[] std, double[] weights, double bias, double q,
                        double alpha) {
        this(columns, mean, std, weights, bias, q, alpha, null);
    }

    public double logit(double[] x) {
        double s = bias;
        double[] c = contributions(x);
        for (double v : c) {
            s += v;
        }
        return s;
    }

    public double score(double[] x) {
        return LogisticRegression.sigmoid(logit(x));
    }

    public double[] contributions(double[] x) {
        double[] c = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            double z = Double.isNaN(x[j]) ? 0 : (x[j] - mean[j]) / std[j];
            c[j] = weights[j] * z;
        }
        return c;
    }

    /** Half-width below the score: the quantile of the label-0 rows (0 is in the interval iff p ≤ q0). */
    public double qLow() {
        return qByLabel == null ? q : qByLabel[0];
    }

    /** Half-width above the score: the quantile of the label-1 rows (1 is in the interval iff 1 − p ≤ q1). */
    public double qHigh() {
        return qByLabel == null ? q : qByLabel[1];
    }

    public double low(double p) {
        return Math.max(0, p - qLow());
    }

    public double high(double p) {
        return Math.min(1, p + qHigh());
    }
}
