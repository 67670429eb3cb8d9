package io.fractallba.cost.forecast;

/**
 * The seasonal naive baseline: each day costs what the same day of the last season cost. Its band comes from the
 * spread of the season-over-season differences, widening with every further season of the horizon.
 */
public final class SeasonalNaive implements Forecaster {

    private final int season;

    public SeasonalNaive(int season) {
        this.season = season;
    }

    @Override
    public String name() {
        return "seasonal-naive";
    }

    @Override
    public Described describedPrediction(double[] history, int horizon) {
        return new Described(predict(history, horizon), "seasonal naive, season " + season + " days");
    }

    @Override
    public Prediction predict(double[] y, int horizon) {
        if (y.length < 2 * season) {
            throw new IllegalArgumentException("seasonal naive with season " + season + " needs at least "
                    + 2 * season + " points, got " + y.length);
        }
        double sum = 0;
        int n = 0;
        for (int t = season; t < y.length; t++) {
            double d = y[t] - y[t - season];
            sum += d * d;
            n++;
        }
        double sd = Math.sqrt(sum / Math.max(1, n - 1));
        double[] mean = new double[horizon];
        double[] lo = new double[horizon];
        double[] hi = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            double f = y[y.length - season + (h - 1) % season];
            double w = 1.96 * sd * Math.sqrt((h - 1) / season + 1);
            mean[h - 1] = f;
            lo[h - 1] = Math.max(0, f - w);
            hi[h - 1] = f + w;
        }
        return new Prediction(mean, lo, hi);
    }
}
