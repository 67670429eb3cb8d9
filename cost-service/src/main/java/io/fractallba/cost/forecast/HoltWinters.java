package io.fractallba.cost.forecast;

/**
 * Additive Holt-Winters (level, trend, season of length {@code m}), optionally with a damped trend (ETS(A,Ad,A):
 * the trend's contribution shrinks by {@code phi} per step, so a recent slope is not extrapolated for ever), with
 * smoothing parameters chosen by grid search on one-step-ahead squared error over the series itself. Plain
 * arithmetic; deterministic for a given series.
 */
public final class HoltWinters {

    /** A fitted model: its parameters, the state after the last point, and the one-step residuals' spread. */
    public record Fit(double alpha, double beta, double gamma, double phi, int season, double level, double trend,
                      double[] seasonal, int length, double residualSd) {

        /** Forecast {@code h} steps after the end of the fitted series. */
        public double forecast(int h) {
            int idx = Math.floorMod(length + h - 1, season);
            double damping = 0;
            double p = 1;
            for (int i = 1; i <= h; i++) {
                p *= phi;
                damping += p;
            }
            return level + damping * trend + seasonal[idx];
        }
    }

    private static final double[] GRID = {0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9};
    private static final double[] TREND_GRID = {0.0, 0.01, 0.05, 0.1, 0.2};
    private static final double[] PHI_GRID = {0.8, 0.9, 0.98};

    private HoltWinters() {
    }

    /** Needs at least two full seasons to initialise level, trend and season. */
    public static Fit fit(double[] y, int m) {
        return fit(y, m, new double[]{1.0});
    }

    /** The damped-trend form, {@code phi} chosen from {0.8, 0.9, 0.98} with the other parameters. */
    public static Fit fitDamped(double[] y, int m) {
        return fit(y, m, PHI_GRID);
    }

    private static Fit fit(double[] y, int m, double[] phis) {
        if (m < 2 || y.length < 2 * m) {
            throw new IllegalArgumentException("Holt-Winters with season " + m + " needs at least " + 2 * m
                    + " points, got " + y.length);
        }
        Fit best = null;
        double bestSse = Double.POSITIVE_INFINITY;
        for (double phi : phis) {
            for (double a : GRID) {
                for (double b : TREND_GRID) {
                    for (double g : GRID) {
                        double[] sse = new double[1];
                        Fit f = run(y, m, a, b, g, phi, sse);
                        if (sse[0] < bestSse) {
                            bestSse = sse[0];
                            best = f;
                        }
                    }
                }
            }
        }
        return best;
    }

    static Fit run(double[] y, int m, double alpha, double beta, double gamma, double phi, double[] sseOut) {
        double first = mean(y, 0, m);
        double second = mean(y, m, 2 * m);
        double level = first;
        double trend = (second - first) / m;
        double[] s = new double[m];
        for (int i = 0; i < m; i++) {
            s[i] = y[i] - first;
        }
        double sse = 0;
        int n = 0;
        for (int t = m; t < y.length; t++) {
            int k = t % m;
            double predicted = level + phi * trend + s[k];
            double e = y[t] - predicted;
            sse += e * e;
            n++;
            double prevLevel = level;
            level = alpha * (y[t] - s[k]) + (1 - alpha) * (level + phi * trend);
            trend = beta * (level - prevLevel) + (1 - beta) * phi * trend;
            s[k] = gamma * (y[t] - level) + (1 - gamma) * s[k];
        }
        sseOut[0] = sse;
        double sd = n > 1 ? Math.sqrt(sse / (n - 1)) : 0;
        return new Fit(alpha, beta, gamma, phi, m, level, trend, s, y.length, sd);
    }

    private static double mean(double[] y, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += y[i];
        }
        return s / (to - from);
    }
}
