package io.fractallba.cost.forecast;

/** A forecasting model: from a daily history (oldest first), the next {@code horizon} days with a 95% band. */
public interface Forecaster {

    /** The point forecasts and their band, one entry per day after the history. */
    record Prediction(double[] mean, double[] lower, double[] upper) {
    }

    /** A prediction and what the model fitted to make it, for the forecast's {@code method} text. */
    record Described(Prediction prediction, String method) {
    }

    String name();

    /** @throws IllegalArgumentException when the history is too short for this model */
    Prediction predict(double[] history, int horizon);

    /** {@link #predict} with a description of the fitted model, from one fit. */
    default Described describedPrediction(double[] history, int horizon) {
        return new Described(predict(history, horizon), name());
    }

    /**
     * A forecaster that, for every history it is given, first backtests the candidates on that history alone
     * ({@code origins} origins) and forecasts with the best: what the service does per tenant, as one model so that
     * its own error can be backtested honestly (the choice never sees the days it is scored on).
     */
    static Forecaster chosenByBacktest(int season, int origins) {
        java.util.List<Forecaster> candidates = candidates(season);
        return new Forecaster() {
            @Override
            public String name() {
                return "chosen-by-backtest";
            }

            @Override
            public Prediction predict(double[] history, int horizon) {
                return Backtest.choose(history, horizon, origins, candidates).predict(history, horizon);
            }
        };
    }

    /** The models the service chooses from, per tenant, by backtest (docs/cost.md, Forecasts). */
    static java.util.List<Forecaster> candidates(int season) {
        return java.util.List.of(new HoltWintersForecaster(season, false), new HoltWintersForecaster(season, true),
                new SeasonalNaive(season));
    }
}
