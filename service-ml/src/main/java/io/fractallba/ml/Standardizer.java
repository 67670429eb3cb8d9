package io.fractallba.ml;

import java.util.List;

/** Column means and standard deviations of a training set; a missing value (NaN) becomes its column mean. */
public record Standardizer(double[] mean, double[] std) {

    public static Standardizer fit(List<Example> rows, int width) {
        double[] mean = new double[width];
        double[] std = new double[width];
        for (int j = 0; j < width; j++) {
            double sum = 0;
            int n = 0;
            for (Example e : rows) {
                if (!Double.isNaN(e.x()[j])) {
                    sum += e.x()[j];
                    n++;
                }
            }
            mean[j] = n == 0 ? 0 : sum / n;
            double ss = 0;
            for (Example e : rows) {
                if (!Double.isNaN(e.x()[j])) {
                    ss += (e.x()[j] - mean[j]) * (e.x()[j] - mean[j]);
                }
            }
            double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
            std[j] = sd > 1e-9 ? sd : 1.0; // a constant column stays 0 after centring; its weight stays 0
        }
        return new Standardizer(mean, std);
    }

    public double[] apply(double[] x) {
        double[] z = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            z[j] = Double.isNaN(x[j]) ? 0 : (x[j] - mean[j]) / std[j];
        }
        return z;
    }
}
