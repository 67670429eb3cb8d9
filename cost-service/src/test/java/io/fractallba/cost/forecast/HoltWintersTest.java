package io.fractallba.cost.forecast;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HoltWintersTest {

    /** 84 days: a weekday/weekend pattern (×3 on weekdays), a slow trend and 5% noise, fixed seed. */
    static double[] weeklySeries(long seed) {
        Random r = new Random(seed);
        double[] y = new double[84];
        for (int t = 0; t < y.length; t++) {
            double season = (t % 7) < 5 ? 30 : 10;
            y[t] = (season + 0.1 * t) * (1 + 0.05 * r.nextGaussian());
        }
        return y;
    }

    @Test
    void onASeriesWithKnownWeeklySeasonalityTheBacktestBeatsTheNaiveForecast() {
        double[] y = weeklySeries(42);
        Backtest.Result hw = Backtest.run(y, 7, 4, (h, n) -> Backtest.holtWinters(h, n, 7));
        Backtest.Result naive = Backtest.run(y, 7, 4, Backtest::naive);
        assertThat(hw.origins()).isEqualTo(4);
        assertThat(hw.points()).isEqualTo(28);
        // Naive carries one day's level across weekday/weekend switches; Holt-Winters learns them.
        assertThat(hw.mapePercent()).isLessThan(naive.mapePercent() / 2);
        assertThat(hw.mapePercent()).isLessThan(15);
    }

    @Test
    void theForecastFollowsTheSeasonAndTheBandWidensWithTheHorizon() throws Exception {
        double[] y = weeklySeries(7);
        List<ForecastService.Point> history = new ArrayList<>();
        LocalDate d0 = LocalDate.parse("2026-01-05"); // a Monday: t % 7 < 5 are weekdays
        for (int t = 0; t < y.length; t++) {
            history.add(new ForecastService.Point(d0.plusDays(t), y[t]));
        }
        ForecastService.Forecast f = ForecastService.forecast("t", history, 7, 7);
        assertThat(f.forecast()).hasSize(7);
        // Day 84 is a weekday (84 % 7 == 0), day 89 a weekend day.
        assertThat(f.forecast().get(0).cost()).isGreaterThan(f.forecast().get(5).cost() * 2);
        assertThat(f.forecast().get(6).upper() - f.forecast().get(6).lower())
                .isGreaterThan(f.forecast().get(0).upper() - f.forecast().get(0).lower());
        assertThat(f.backtest().mape()).isLessThan(f.backtest().naiveMape());
    }

    @Test
    void theForecastUsesTheCandidateThatBacktestsBestAndReportsEveryOne() throws Exception {
        double[] y = weeklySeries(11);
        List<ForecastService.Point> history = new ArrayList<>();
        for (int t = 0; t < y.length; t++) {
            history.add(new ForecastService.Point(LocalDate.parse("2026-01-05").plusDays(t), y[t]));
        }
        ForecastService.Accuracy a = ForecastService.forecast("t", history, 7, 7).backtest();
        assertThat(a.candidates()).extracting(ForecastService.ModelAccuracy::model)
                .containsExactly("holt-winters", "holt-winters-damped", "seasonal-naive");
        double best = a.candidates().stream().mapToDouble(ForecastService.ModelAccuracy::smape).min().orElseThrow();
        assertThat(a.smape()).isEqualTo(best);
        assertThat(a.candidates()).filteredOn(c -> c.model().equals(a.model())).singleElement()
                .extracting(ForecastService.ModelAccuracy::smape).isEqualTo(best);
        assertThat(a.coverage()).isBetween(0.0, 100.0);
    }

    @Test
    void aDampedTrendStopsExtrapolatingARecentSlope() {
        double[] y = new double[70];
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 + 60 * (1 - Math.exp(-t / 15.0)) + ((t % 7) < 5 ? 10 : -10); // growth that levels off
        }
        HoltWinters.Fit plain = HoltWinters.fit(y, 7);
        HoltWinters.Fit damped = HoltWinters.fitDamped(y, 7);
        assertThat(damped.phi()).isLessThan(1.0);
        assertThat(plain.phi()).isEqualTo(1.0);
        // 60 days out the damped forecast stays near the plateau (about 160 ± the season).
        assertThat(damped.forecast(60)).isLessThan(plain.forecast(60));
        assertThat(damped.forecast(60)).isBetween(140.0, 185.0);
    }

    @Test
    void tooShortAHistoryIsRefusedWithWhatIsNeeded() {
        List<ForecastService.Point> history = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            history.add(new ForecastService.Point(LocalDate.parse("2026-01-01").plusDays(t), 1));
        }
        assertThatThrownBy(() -> ForecastService.forecast("t", history, 7, 7))
                .isInstanceOf(ForecastService.NotEnoughHistoryException.class)
                .hasMessageContaining("has 10 days").hasMessageContaining("at least 21");
    }
}
