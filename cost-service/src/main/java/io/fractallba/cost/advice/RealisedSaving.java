package io.fractallba.cost.advice;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fractallba.cost.forecast.ForecastService;
import io.fractallba.cost.forecast.ForecastService.Band;
import io.fractallba.cost.forecast.ForecastService.Point;

import java.util.List;

/**
 * What an applied recommendation saved: the spend the series would have had without it (the counterfactual: the
 * forecast, by the model that backtests best, from the days before it was applied) minus the spend measured since.
 *
 * <p>The band says how far the counterfactual total can be off when nothing changed, measured on the series' own
 * history: the same procedure run from earlier origins (weekly, up to {@link #MAX_ORIGINS}) over the same number of
 * days ("placebo backtest"); with k origins whose relative errors of the total have root mean square e, the band is
 * ± t(0.975, k) × e — a 95% prediction interval for one more error if the errors are zero-mean normal (few origins
 * give a wide t, on purpose: the largest of three errors would be far too narrow). Summing the daily 95% bounds
 * instead (what is left when the history is too short for two origins) treats the daily errors as perfectly
 * correlated: never too narrow, but over weeks too wide to tell anything. {@code beyond_band} says whether the
 * measured spend left the band, that is whether the saving is more than the counterfactual's own error.
 */
public final class RealisedSaving {

    /** Below this many measured days the answer is {@code measuring}: a week's season is not yet seen once. */
    public static final int MIN_DAYS = 7;
    public static final int MAX_ORIGINS = 12;
    /** Student's t, 97.5% quantile, for 1..12 degrees of freedom. */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179};

    public record Result(@JsonProperty("status") String status,
                         @JsonProperty("measured_days") int measuredDays,
                         @JsonProperty("first_day") String firstDay,
                         @JsonProperty("counterfactual_usd") double counterfactualUsd,
                         @JsonProperty("counterfactual_lower_usd") double counterfactualLowerUsd,
                         @JsonProperty("counterfactual_upper_usd") double counterfactualUpperUsd,
                         @JsonProperty("actual_usd") double actualUsd,
                         @JsonProperty("realised_saving_usd") double realisedSavingUsd,
                         @JsonProperty("realised_monthly_saving_usd") double realisedMonthlySavingUsd,
                         @JsonProperty("beyond_band") boolean beyondBand,
                         @JsonProperty("band_method") String bandMethod,
                         @JsonProperty("counterfactual_model") String model,
                         @JsonProperty("counterfactual_backtest_smape_percent") double backtestSmape) {
    }

    private RealisedSaving() {
    }

    /** {@link #measure(String, List, int, List, int, int)} fitting each forecast on the whole history before it. */
    public static Result measure(String series, List<Point> history, int gapDays, List<Point> actual, int season)
            throws ForecastService.NotEnoughHistoryException {
        return measure(series, history, gapDays, actual, season, Integer.MAX_VALUE);
    }

    /**
     * @param history complete days before the recommendation was applied, oldest first: the counterfactual is fitted
     *                on its last {@code fitDays}, and the placebo origins reach further back, each fitted on the
     *                {@code fitDays} before it (so a long measurement keeps its origins)
     * @param gapDays days between the history and the first measured day (the day it was applied, when not at midnight)
     * @param actual  the measured days since, oldest first
     */
    public static Result measure(String series, List<Point> history, int gapDays, List<Point> actual, int season,
                                 int fitDays) throws ForecastService.NotEnoughHistoryException {
        if (actual.isEmpty()) {
            throw new IllegalArgumentException("no measured day yet");
        }
        int horizon = gapDays + actual.size();
        ForecastService.Forecast f = ForecastService.forecast(series, tail(history, history.size(), fitDays), horizon,
                season);
        List<Band> bands = f.forecast().subList(gapDays, horizon);
        double cf = 0;
        double lo = 0;
        double hi = 0;
        double spent = 0;
        for (int i = 0; i < actual.size(); i++) {
            cf += bands.get(i).cost();
            lo += bands.get(i).lower();
            hi += bands.get(i).upper();
            spent += actual.get(i).cost();
        }
        String method = "sum of the daily 95% bounds";
        double squares = 0;
        int origins = 0;
        // Placebo backtest: the same forecast from earlier origins, where nothing was changed.
        int needed = 2 * season + horizon;
        for (int o = history.size() - horizon; o >= needed && origins < MAX_ORIGINS; o -= season) {
            ForecastService.Forecast past = ForecastService.forecast(series, tail(history, o, fitDays), horizon, season);
            double predicted = 0;
            double happened = 0;
            for (int i = gapDays; i < horizon; i++) {
                predicted += past.forecast().get(i).cost();
                happened += history.get(o + i).cost();
            }
            if (happened > 0) {
                double e = (predicted - happened) / happened;
                squares += e * e;
                origins++;
            }
        }
        if (origins >= 2) {
            double rms = Math.sqrt(squares / origins);
            double half = Math.min(1, T975[origins - 1] * rms);
            lo = cf * (1 - half);
            hi = cf * (1 + half);
            method = String.format(java.util.Locale.ROOT, "placebo backtest: %d earlier origins, RMS error of the total "
                    + "%.1f%%, band ±%.1f%%", origins, rms * 100, half * 100);
        }
        double saving = cf - spent;
        return new Result(actual.size() < MIN_DAYS ? "measuring" : "measured", actual.size(),
                actual.get(0).day().toString(), cf, lo, hi, spent, saving, saving * 30 / actual.size(),
                spent < lo || spent > hi, method, f.backtest().model(), f.backtest().smape());
    }

    /** The {@code fitDays} days before index {@code end} (fewer at the series' start). */
    private static List<Point> tail(List<Point> history, int end, int fitDays) {
        return history.subList(Math.max(0, end - fitDays), end);
    }
}
