package io.fractallba.cost.forecast;

import com.fasterxml.jackson.annotation.JsonProperty;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A tenant's daily spend forecast on its own complete days, by the model that backtests best on that history
 * (additive Holt-Winters, its damped-trend form, or the seasonal naive forecast: {@link Forecaster#candidates}), with
 * each candidate's backtest error (MAPE, sMAPE) and the measured coverage of its 95% band, and the naive last-value
 * forecast's error for comparison.
 */
public final class ForecastService {

    public record Point(@JsonProperty("day") LocalDate day, @JsonProperty("cost_usd") double cost) {
    }

    public record Band(@JsonProperty("day") LocalDate day, @JsonProperty("cost_usd") double cost,
                       @JsonProperty("lower_usd") double lower, @JsonProperty("upper_usd") double upper) {
    }

    /** One candidate model's rolling-origin backtest on the tenant's history. */
    public record ModelAccuracy(@JsonProperty("model") String model, @JsonProperty("mape_percent") double mape,
                                @JsonProperty("smape_percent") double smape,
                                @JsonProperty("band_coverage_percent") double coverage) {
    }

    /** The chosen model's backtest (first fields), the naive last-value baseline's MAPE, and every candidate's. */
    public record Accuracy(@JsonProperty("mape_percent") double mape, @JsonProperty("naive_mape_percent") double naiveMape,
                           @JsonProperty("points") int points, @JsonProperty("origins") int origins,
                           @JsonProperty("horizon_days") int horizon, @JsonProperty("model") String model,
                           @JsonProperty("smape_percent") double smape,
                           @JsonProperty("band_coverage_percent") double coverage,
                           @JsonProperty("candidates") List<ModelAccuracy> candidates) {
    }

    public record Forecast(@JsonProperty("tenant") String tenant, @JsonProperty("method") String method,
                           @JsonProperty("history") List<Point> history, @JsonProperty("forecast") List<Band> forecast,
                           @JsonProperty("backtest") Accuracy backtest) {
    }

    /** Not enough history to fit the model. */
    public static final class NotEnoughHistoryException extends Exception {
        public NotEnoughHistoryException(String message) {
            super(message);
        }
    }

    private static final int BACKTEST_ORIGINS = 4;

    private final DataSource ds;
    private final int historyDays;
    private final int season;

    public ForecastService(DataSource ds, int historyDays, int season) {
        this.ds = ds;
        this.historyDays = historyDays;
        this.season = season;
    }

    public Forecast forecast(String tenant, LocalDate today, int horizon) throws SQLException, NotEnoughHistoryException {
        List<Point> history = daily(tenant, today.minusDays(historyDays), today);
        return forecast(tenant, history, horizon, season);
    }

    /** Plain computation on a history (complete days, oldest first). */
    public static Forecast forecast(String tenant, List<Point> history, int horizon, int season)
            throws NotEnoughHistoryException {
        double[] y = history.stream().mapToDouble(Point::cost).toArray();
        int needed = 2 * season + horizon;
        if (y.length < needed) {
            throw new NotEnoughHistoryException("tenant " + tenant + " has " + y.length + " days of spend; the forecast "
                    + "needs at least " + needed + " (two seasons of " + season + " days and one horizon)");
        }
        List<Forecaster> candidates = Forecaster.candidates(season);
        List<ModelAccuracy> scores = new ArrayList<>();
        Forecaster chosen = candidates.get(0);
        Backtest.Result chosenResult = null;
        for (Forecaster c : candidates) {
            Backtest.Result r = Backtest.run(y, horizon, BACKTEST_ORIGINS, c);
            scores.add(new ModelAccuracy(c.name(), r.mapePercent(), r.smapePercent(), r.coveragePercent()));
            if (r.origins() > 0 && (chosenResult == null || r.smapePercent() < chosenResult.smapePercent())) {
                chosen = c;
                chosenResult = r;
            }
        }
        if (chosenResult == null) {
            chosenResult = Backtest.run(y, horizon, BACKTEST_ORIGINS, chosen);
        }
        Forecaster.Described described = chosen.describedPrediction(y, horizon);
        Forecaster.Prediction p = described.prediction();
        LocalDate last = history.get(history.size() - 1).day();
        List<Band> bands = new ArrayList<>();
        for (int h = 1; h <= horizon; h++) {
            bands.add(new Band(last.plusDays(h), p.mean()[h - 1], p.lower()[h - 1], p.upper()[h - 1]));
        }
        Backtest.Result naive = Backtest.run(y, horizon, BACKTEST_ORIGINS, Backtest::naive);
        return new Forecast(tenant, described.method() + " (chosen by backtest sMAPE)", history, bands,
                new Accuracy(chosenResult.mapePercent(), naive.mapePercent(), chosenResult.points(),
                        chosenResult.origins(), horizon, chosen.name(), chosenResult.smapePercent(),
                        chosenResult.coveragePercent(), scores));
    }

    /** Daily spend over {@code [from, to)}, days without usage as zero, from the tenant's first day of spend. */
    List<Point> daily(String tenant, LocalDate from, LocalDate to) throws SQLException {
        return daily(tenant, null, from, to, true);
    }

    /**
     * Daily spend of a tenant (of one resource, or all when {@code resource} is null) over {@code [from, to)}, days
     * without usage as zero; with {@code fromFirstSpend}, the series starts at its first day of spend instead.
     */
    public List<Point> daily(String tenant, String resource, LocalDate from, LocalDate to, boolean fromFirstSpend)
            throws SQLException {
        double[] cost = new double[(int) Math.max(0, to.toEpochDay() - from.toEpochDay())];
        LocalDate firstSeen = null;
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT (bucket AT TIME ZONE 'UTC')::date, sum(cost_usd) "
                     + "FROM rollup_day WHERE tenant = ? AND bucket >= ? AND bucket < ?"
                     + (resource == null ? "" : " AND resource = ?") + " GROUP BY 1 ORDER BY 1")) {
            ps.setString(1, tenant);
            ps.setTimestamp(2, Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant()));
            ps.setTimestamp(3, Timestamp.from(to.atStartOfDay(ZoneOffset.UTC).toInstant()));
            if (resource != null) {
                ps.setString(4, resource);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LocalDate d = rs.getObject(1, LocalDate.class);
                    firstSeen = firstSeen == null ? d : firstSeen;
                    cost[(int) (d.toEpochDay() - from.toEpochDay())] = rs.getBigDecimal(2).doubleValue();
                }
            }
        }
        List<Point> out = new ArrayList<>();
        LocalDate start = fromFirstSpend ? firstSeen : from;
        if (start == null) {
            return out;
        }
        // History starts at the tenant's first day of spend: days before it are not zero spend, just no tenant yet.
        for (LocalDate d = start; d.isBefore(to); d = d.plusDays(1)) {
            out.add(new Point(d, cost[(int) (d.toEpochDay() - from.toEpochDay())]));
        }
        return out;
    }
}
