package io.fractallba.cost.forecast;

import java.util.function.BiFunction;

/**
 * Rolling-origin backtest: for each origin in the last {@code origins × horizon} points, fit on everything before
 * it, forecast the next {@code horizon} points and compare with what happened. MAPE over points whose actual value
 * is not zero (a zero day has no percentage error).
 */
public final class Backtest {

    public record Result(double mapePercent, int points, int origins) {
    }

    private Backtest() {
    }

    /** {@code forecaster.apply(history, horizon)} returns {@code horizon} forecasts after {@code history}. */
    public static Result run(double[] y, int horizon, int origins, BiFunction<double[], Integer, double[]> forecaster) {
        double sum = 0;
        int points = 0;
        int used = 0;
        for (int o = origins; o >= 1; o--) {
            int origin = y.length - o * horizon;
            if (origin <= 0) {
                continue;
            }
            double[] history = java.util.Arrays.copyOf(y, origin);
            double[] f;
            try {
                f = forecaster.apply(history, horizon);
            } catch (IllegalArgumentException tooShort) {
                continue;
            }
            used++;
            for (int h = 0; h < horizon && origin + h < y.length; h++) {
                double actual = y[origin + h];
                if (actual != 0) {
                    sum += Math.abs((actual - f[h]) / actual);
                    points++;
                }
            }
        }
        return new Result(points == 0 ? Double.NaN : 100 * sum / points, points, used);
    }

    public static double[] holtWinters(double[] history, int horizon, int season) {
        HoltWinters.Fit fit = HoltWinters.fit(history, season);
        double[] out = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            out[h - 1] = fit.forecast(h);
        }
        return out;
    }

    /** The naive baseline: tomorrow and every later day cost what the last day cost. */
    public static double[] naive(double[] history, int horizon) {
        double[] out = new double[horizon];
        java.util.Arrays.fill(out, history[history.length - 1]);
        return out;
    }
}
