package io.fractallba.e2e.bench;

import io.fractallba.cost.forecast.Backtest;
import io.fractallba.cost.forecast.Forecaster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Forecast accuracy of the cost-service's models on synthetic daily spend histories (240 days per tenant, seeded,
 * five shapes: steady, growing, a step change, holidays, low-volume and noisy), by the same rolling-origin backtest
 * the service runs per tenant: MAPE, sMAPE and the empirical coverage of each model's 95% band, at a 7-day and a
 * 28-day horizon, and for the service's per-tenant choice (chosen by a backtest on each origin's history only).
 * Deterministic: the same seeds give the same table on any machine.
 */
final class ForecastBenchmark {

    static final int DAYS = 240;
    private static final int SEASON = 7;

    /** One synthetic tenant: a name that says its shape, and its daily spend. */
    record Series(String shape, double[] y) {
    }

    static List<Series> histories(long seed) {
        List<Series> out = new ArrayList<>();
        out.add(new Series("steady, weekly season, 5% noise", shape(seed, 0.0, 1.0, -1, false, 0.05, 400)));
        out.add(new Series("growing 0.4%/day, weekly season, 8% noise", shape(seed + 1, 0.004, 1.0, -1, false, 0.08, 120)));
        out.add(new Series("step ×1.8 on day 160 (a new customer workload)", shape(seed + 2, 0.0, 1.8, 160, false, 0.06, 250)));
        out.add(new Series("holidays (days 100–102, 200–206 at 30%)", shape(seed + 3, 0.001, 1.0, -1, true, 0.06, 300)));
        out.add(new Series("low volume, 25% noise", shape(seed + 4, 0.0, 1.0, -1, false, 0.25, 12)));
        return out;
    }

    private static double[] shape(long seed, double growth, double step, int stepDay, boolean holidays, double noise,
                                  double base) {
        Random r = new Random(seed);
        double[] y = new double[DAYS];
        for (int t = 0; t < DAYS; t++) {
            double weekly = (t % 7) < 5 ? 1.15 : 0.62;    // weekdays and weekends
            double level = base * Math.pow(1 + growth, t) * (stepDay >= 0 && t >= stepDay ? step : 1);
            double holiday = holidays && ((t >= 100 && t <= 102) || (t >= 200 && t <= 206)) ? 0.3 : 1;
            y[t] = Math.max(0, level * weekly * holiday * (1 + noise * r.nextGaussian()));
        }
        return y;
    }

    String run() {
        List<Series> series = histories(20261204L);
        List<Forecaster> models = new ArrayList<>(Forecaster.candidates(SEASON));
        models.add(Forecaster.chosenByBacktest(SEASON, 4));
        StringBuilder md = new StringBuilder("## Cost forecast accuracy\n\n");
        md.append("Synthetic daily spend (").append(series.size()).append(" tenants × ").append(DAYS)
                .append(" days, seeded; shapes below), rolling-origin backtest as the cost-service runs it: fit on the days "
                        + "before each origin, forecast the next 7 days (12 origins: the last 84 days) and the next 28 "
                        + "days (3 origins). MAPE, sMAPE, and the share of actual days inside the model's 95% band "
                        + "(nominal 95%). `chosen-by-backtest` is the service's per-tenant choice, made at every origin "
                        + "from a backtest on that origin's history only. Computed in process by `ForecastBenchmark` "
                        + "(deterministic; not a timing).\n\n");
        md.append("| tenant shape | model | MAPE 7 d | sMAPE 7 d | band coverage 7 d | MAPE 28 d | sMAPE 28 d | band coverage 28 d |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        Map<String, double[]> chosenMape = new LinkedHashMap<>();
        Map<String, double[]> coverage = new LinkedHashMap<>();
        for (Series s : series) {
            for (Forecaster m : models) {
                Backtest.Result week = Backtest.run(s.y(), 7, 12, m);
                Backtest.Result month = Backtest.run(s.y(), 28, 3, m);
                md.append(String.format(Locale.ROOT, "| %s | %s | %.1f%% | %.1f%% | %.0f%% | %.1f%% | %.1f%% | %.0f%% |%n",
                        s.shape(), m.name(), week.mapePercent(), week.smapePercent(), week.coveragePercent(),
                        month.mapePercent(), month.smapePercent(), month.coveragePercent()));
                if (m.name().equals("chosen-by-backtest")) {
                    chosenMape.put(s.shape(), new double[]{week.mapePercent(), month.mapePercent()});
                }
                coverage.computeIfAbsent(m.name(), k -> new double[3]);
                double[] c = coverage.get(m.name());
                c[0] += week.coveragePercent();
                c[1] += month.coveragePercent();
                c[2]++;
            }
        }
        md.append("\nAgainst the target MAPE ≤ 10% (7-day horizon, the service's per-tenant choice): ");
        List<String> verdicts = new ArrayList<>();
        chosenMape.forEach((shape, v) -> verdicts.add(String.format(Locale.ROOT, "%s %.1f%% (%s)", shape, v[0],
                v[0] <= 10 ? "met" : "not met")));
        md.append(String.join("; ", verdicts)).append(". Where it is not met, the series says why: a model that knew "
                + "the generator exactly would still score E|ε| = 0.8 σ of the noise (20% MAPE at 25% noise); a holiday "
                + "or a step inside the scored window cannot be foreseen from past spend alone (no calendar or event "
                + "input is modelled).\n\n");
        md.append("Mean band coverage over the shapes (nominal 95%): ");
        List<String> cov = new ArrayList<>();
        coverage.forEach((model, c) -> cov.add(String.format(Locale.ROOT, "%s %.0f%% at 7 d, %.0f%% at 28 d", model,
                c[0] / c[2], c[1] / c[2])));
        md.append(String.join("; ", cov)).append(". A coverage well below 95% means the band (±1.96 σ √h from one-step "
                + "residuals) is too narrow for that shape; the table shows where.\n\n");
        return md.toString();
    }

    public static void main(String[] args) {
        System.out.println(new ForecastBenchmark().run());
    }
}
