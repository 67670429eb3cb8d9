package io.fractallba.cost.forecast;

/**
 * Additive Holt-Winters (ETS(A,A,A)) or its damped-trend form (ETS(A,Ad,A)), the band ±1.96 σ √h from the one-step
 * residuals (an approximation whose empirical coverage the backtest measures).
 */
public final class HoltWintersForecaster implements Forecaster {

    private final int season;
    private final boolean damped;

    public HoltWintersForecaster(int season, boolean damped) {
        this.season = season;
        this.damped = damped;
    }

    @Override
    public String name() {
        return damped ? "holt-winters-damped" : "holt-winters";
    }

    @Override
    public Prediction predict(double[] history, int horizon) {
        return predict(fit(history), horizon);
    }

    @Override
    public Described describedPrediction(double[] history, int horizon) {
        HoltWinters.Fit fit = fit(history);
        return new Described(predict(fit, horizon), (damped ? "holt-winters additive, damped trend (phi " + fit.phi()
                + ")" : "holt-winters additive") + ", season " + season + " days, alpha " + fit.alpha() + ", beta "
                + fit.beta() + ", gamma " + fit.gamma());
    }

    private HoltWinters.Fit fit(double[] history) {
        return damped ? HoltWinters.fitDamped(history, season) : HoltWinters.fit(history, season);
    }

    private static Prediction predict(HoltWinters.Fit fit, int horizon) {
        double[] mean = new double[horizon];
        double[] lo = new double[horizon];
        double[] hi = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            double f = Math.max(0, fit.forecast(h));
            double w = 1.96 * fit.residualSd() * Math.sqrt(h);
            mean[h - 1] = f;
            lo[h - 1] = Math.max(0, f - w);
            hi[h - 1] = f + w;
        }
        return new Prediction(mean, lo, hi);
    }
}
