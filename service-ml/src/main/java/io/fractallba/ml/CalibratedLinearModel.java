package io.fractallba.ml;

import java.util.List;

/**
 * The suite's one way to fit a small risk model: ridge logistic regression on standardised columns (only those in
 * {@code use}; the others weigh 0), Platt scaling on a held-out calibration set folded into the weights, and the
 * split-conformal half-widths (marginal and per label, {@link Conformal}) for nominal coverage 1 − alpha on a second
 * held-out set: the conformal guarantee needs scores fitted without the rows it is sized on, Platt's included.
 */
public final class CalibratedLinearModel {

    private CalibratedLinearModel() {
    }

    /** One calibration set for both Platt scaling and the interval (the micro-vote's small data sets). */
    public static TrainedModel fit(List<String> columns, List<Example> train, List<Example> calib, boolean[] use,
                                   double lambda, double alpha) {
        return fit(columns, train, calib, calib, use, lambda, alpha);
    }

    /** Platt scaling on {@code calib}, the conformal quantiles on {@code conformal} (disjoint from it and from train). */
    public static TrainedModel fit(List<String> columns, List<Example> train, List<Example> calib,
                                   List<Example> conformal, boolean[] use, double lambda, double alpha) {
        int width = use.length;
        Standardizer s = Standardizer.fit(train, width);
        double[][] z = new double[train.size()][];
        int[] y = new int[train.size()];
        double[] w = new double[train.size()];
        for (int i = 0; i < train.size(); i++) {
            z[i] = mask(s.apply(train.get(i).x()), use);
            y[i] = train.get(i).label();
            w[i] = train.get(i).weight();
        }
        double[] beta = LogisticRegression.fit(z, y, w, lambda);
        double[] logits = new double[calib.size()];
        int[] cy = new int[calib.size()];
        for (int i = 0; i < calib.size(); i++) {
            logits[i] = LogisticRegression.dot(beta, mask(s.apply(calib.get(i).x()), use));
            cy[i] = calib.get(i).label();
        }
        double[] platt = Platt.fit(logits, cy);
        double[] weights = new double[width];
        for (int j = 0; j < width; j++) {
            weights[j] = use[j] ? platt[0] * beta[j] : 0;
        }
        double bias = platt[0] * beta[width] + platt[1];
        TrainedModel noInterval = new TrainedModel(columns, s.mean(), s.std(), weights, bias, 1.0, alpha);
        double[] p = new double[conformal.size()];
        int[] qy = new int[conformal.size()];
        for (int i = 0; i < conformal.size(); i++) {
            p[i] = noInterval.score(conformal.get(i).x());
            qy[i] = conformal.get(i).label();
        }
        return new TrainedModel(columns, s.mean(), s.std(), weights, bias, Conformal.quantile(p, qy, alpha), alpha,
                Conformal.byLabel(p, qy, alpha));
    }

    private static double[] mask(double[] z, boolean[] use) {
        for (int j = 0; j < z.length; j++) {
            if (!use[j]) {
                z[j] = 0;
            }
        }
        return z;
    }
}
