package io.fractallba.cost.advice;

import io.fractallba.cost.forecast.ForecastService;
import io.fractallba.cost.forecast.ForecastService.Point;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The realised saving against a counterfactual forecast, on series whose truth is known: the same seeded weekly
 * series continued with and without the change.
 */
class RealisedSavingTest {

    static final LocalDate START = LocalDate.of(2026, 6, 1);

    /** 10 a day on weekdays, 4 at weekends, ±5% noise; from {@code cutDay} on, {@code factor} of it. */
    static List<Point> series(int days, int cutDay, double factor, long seed) {
        Random rnd = new Random(seed);
        List<Point> out = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            LocalDate day = START.plusDays(d);
            double base = day.getDayOfWeek().getValue() >= 6 ? 4 : 10;
            double v = base * (1 + 0.05 * rnd.nextGaussian());
            out.add(new Point(day, d >= cutDay ? v * factor : v));
        }
        return out;
    }

    @Test
    void aCutByAThirdIsMeasuredCloseToTheTruthAndBeyondTheBand() throws Exception {
        List<Point> with = series(112, 84, 2.0 / 3, 7);
        List<Point> without = series(112, 84, 1.0, 7);
        RealisedSaving.Result r = RealisedSaving.measure("t", with.subList(0, 84), 0, with.subList(84, 112), 7);
        double truth = without.subList(84, 112).stream().mapToDouble(Point::cost).sum()
                - with.subList(84, 112).stream().mapToDouble(Point::cost).sum();
        assertThat(r.measuredDays()).isEqualTo(28);
        assertThat(r.status()).isEqualTo("measured");
        assertThat(r.realisedSavingUsd()).isCloseTo(truth, within(truth * 0.1));
        assertThat(r.beyondBand()).isTrue();
        assertThat(r.bandMethod()).startsWith("placebo backtest");
        assertThat(r.counterfactualUpperUsd() - r.counterfactualUsd())
                .isCloseTo(r.counterfactualUsd() - r.counterfactualLowerUsd(), within(1e-9));
        assertThat(r.realisedMonthlySavingUsd()).isCloseTo(r.realisedSavingUsd() * 30 / 28, within(1e-9));
    }

    @Test
    void noChangeMeasuresAboutNothingInsideTheBand() throws Exception {
        List<Point> s = series(112, 112, 1.0, 11);
        RealisedSaving.Result r = RealisedSaving.measure("t", s.subList(0, 84), 0, s.subList(84, 112), 7);
        assertThat(r.bandMethod()).startsWith("placebo backtest");
        assertThat(Math.abs(r.realisedSavingUsd())).isLessThan(0.05 * r.counterfactualUsd());
        assertThat(r.beyondBand()).as(r.toString()).isFalse();
    }

    @Test
    void theDayOfApplicationIsSkippedAndAFewDaysAreStillMeasuring() throws Exception {
        List<Point> s = series(60, 50, 0.5, 3);
        RealisedSaving.Result r = RealisedSaving.measure("t", s.subList(0, 49), 1, s.subList(50, 53), 7);
        assertThat(r.firstDay()).isEqualTo(START.plusDays(50).toString());
        assertThat(r.status()).isEqualTo("measuring");
        assertThat(r.bandMethod()).startsWith("placebo backtest");
        assertThat(r.realisedSavingUsd()).isPositive();
    }

    @Test
    void aHistoryTooShortForTwoPlaceboOriginsFallsBackToTheSummedDailyBounds() throws Exception {
        List<Point> s = series(40, 30, 0.5, 5);
        RealisedSaving.Result r = RealisedSaving.measure("t", s.subList(0, 30), 0, s.subList(30, 40), 7);
        assertThat(r.bandMethod()).isEqualTo("sum of the daily 95% bounds");
        assertThat(r.counterfactualLowerUsd()).isLessThan(r.counterfactualUsd());
    }

    @Test
    void aLongMeasurementKeepsItsPlaceboOriginsWhenTheHistoryReachesFurtherThanTheFit() throws Exception {
        // 56 measured days after 260 days of history, the counterfactual fitted on the last 120 (the service's
        // forecast-history-days): the placebo origins reach back beyond the fit.
        List<Point> s = series(316, 260, 0.5, 9);
        RealisedSaving.Result r = RealisedSaving.measure("t", s.subList(0, 260), 0, s.subList(260, 316), 7, 120);
        assertThat(r.measuredDays()).isEqualTo(56);
        assertThat(r.bandMethod()).startsWith("placebo backtest: 12 earlier origins");
        assertThat(r.beyondBand()).isTrue();
    }

    @Test
    void tooShortAHistoryHasNoCounterfactual() {
        List<Point> s = series(20, 10, 0.5, 3);
        assertThatThrownBy(() -> RealisedSaving.measure("t", s.subList(0, 10), 0, s.subList(10, 20), 7))
                .isInstanceOf(ForecastService.NotEnoughHistoryException.class);
    }
}
