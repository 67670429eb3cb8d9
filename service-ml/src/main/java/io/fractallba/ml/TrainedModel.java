package io.fractallba.ml;

import java.util.List;

/**
 * A calibrated linear risk model: standardise (missing → training mean), weigh, add, squash. Platt scaling is folded
 * into the weights, so the score is the calibrated probability and each feature's contribution is its share of the
 * calibrated logit. {@code q} is the split-conformal half-width for the nominal coverage {@code 1 − alpha}.
 */
public record TrainedModel(List<String> columns, double[] mean, double[] std, double[] weights, double bias,
                           double q, double alpha) {

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

    public double low(double p) {
        return Math.max(0, p - q);
    }

    public double high(double p) {
        return Math.min(1, p + q);
    }
}
