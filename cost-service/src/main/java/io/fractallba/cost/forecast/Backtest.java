package io.fractallba.cost.forecast;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Rolling-origin backtest: for each origin in the last {@code origins × horizon} points, fit on everything before
 * it, forecast the next {@code horizon} points and compare with what happened. MAPE over points whose actual value
 * is not zero (a zero day has no percentage error); sMAPE (|a − f| / ((|a| + |f|) / 2)) over points where actual and
 * forecast are not both zero; coverage: the share of actual values inside the forecast's 95% band.
 */
public final class Backtest {

    public record Result(double mapePercent, double smapePercent, double coveragePercent, int points, int origins) {

        /** Backwards-compatible shape (MAPE only). */
        public Result(double mapePercent, int points, int origins) {
            this(mapePercent, Double.NaN, Double.NaN, points, origins);
        }
    }

    private Backtest() {
    }

    /** A model's backtest, its band included. */
    public static Result run(double[] y, int horizon, int origins, Forecaster model) {
        double ape = 0;
        double sape = 0;
        int apePoints = 0;
        int sapePoints = 0;
        int covered = 0;
        int points = 0;
        int used = 0;
        for (int o = origins; o >= 1; o--) {
            int origin = y.length - o * horizon;
            if (origin <= 0) {
                continue;
            }
            Forecaster.Prediction p;
            try {
                p = model.predict(Arrays.copyOf(y, origin), horizon);
            } catch (IllegalArgumentException tooShort) {
                continue;
            }
            used++;
            for (int h = 0; h < horizon && origin + h < y.length; h++) {
                double actual = y[origin + h];
                double f = p.mean()[h];
                points++;
                if (actual >= p.lower()[h] && actual <= p.upper()[h]) {
                    covered++;
                }
                if (actual != 0) {
                    ape += Math.abs((actual - f) / actual);
                    apePoints++;
                }
                if (actual != 0 || f != 0) {
                    sape += Math.abs(actual - f) / ((Math.abs(actual) + Math.abs(f)) / 2);
                    sapePoints++;
                }
            }
        }
        return new Result(apePoints == 0 ? Double.NaN : 100 * ape / apePoints,
                sapePoints == 0 ? Double.NaN : 100 * sape / sapePoints,
                points == 0 ? Double.NaN : 100.0 * covered / points, points, used);
    }

    /** {@code forecaster.apply(history, horizon)} returns {@code horizon} forecasts after {@code history} (no band). */
    public static Result run(double[] y, int horizon, int origins, BiFunction<double[], Integer, double[]> forecaster) {
        Result r = run(y, horizon, origins, new Forecaster() {
            @Override
            public String name() {
                return "point";
            }

            @Override
            public Prediction predict(double[] history, int h) {
                double[] f = forecaster.apply(history, h);
                return new Prediction(f, f, f);
            }
        });
        return new Result(r.mapePercent(), r.smapePercent(), Double.NaN, r.points(), r.origins());
    }

    /**
     * The model of {@code candidates} with the lowest backtest sMAPE on {@code history} (MAPE is undefined on zero
     * days and explodes near them); the first candidate when none can be backtested.
     */
    public static Forecaster choose(double[] history, int horizon, int origins, List<Forecaster> candidates) {
        Forecaster best = candidates.get(0);
        double bestError = Double.POSITIVE_INFINITY;
        for (Forecaster c : candidates) {
            Result r = run(history, horizon, origins, c);
            if (r.origins() > 0 && r.smapePercent() < bestError) {
                bestError = r.smapePercent();
                best = c;
            }
        }
        return best;
    }

    public static double[] holtWinters(double[] history, int horizon, int season) {
        return new HoltWintersForecaster(season, false).predict(history, horizon).mean();
    }

    /** The naive baseline: tomorrow and every later day cost what the last day cost. */
    public static double[] naive(double[] history, int horizon) {
        double[] out = new double[horizon];
        Arrays.fill(out, history[history.length - 1]);
        return out;
    }
}
