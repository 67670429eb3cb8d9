package io.fractallba.e2e.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A quantile from the cumulative {@code _bucket} series of a Prometheus histogram in a {@code /q/metrics} text, by
 * the same linear interpolation inside the bucket as PromQL's {@code histogram_quantile}: the services publish
 * histograms (aggregatable across replicas), not client-side percentiles, so the harness reads them the way a
 * dashboard does.
 */
public final class PrometheusHistogram {

    private PrometheusHistogram() {
    }

    /**
     * @param name   the metric's base name, e.g. {@code flk_ensemble_decision_seconds}
     * @param labels a fragment every wanted bucket line contains besides {@code le}, e.g. {@code peer="us"}, or ""
     * @return the q-quantile, NaN when the histogram has no observations
     */
    public static double quantile(String metricsText, String name, String labels, double q) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "_bucket\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
        Pattern le = Pattern.compile("le=\"([^\"]+)\"");
        Map<Double, Double> cumulative = new TreeMap<>();
        Matcher m = line.matcher(metricsText);
        while (m.find()) {
            if (!labels.isEmpty() && !m.group(1).contains(labels)) {
                continue;
            }
            Matcher bound = le.matcher(m.group(1));
            if (bound.find()) {
                double upper = bound.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound.group(1));
                cumulative.merge(upper, Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        double total = cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lower = 0;
        double below = 0;
        for (Map.Entry<Double, Double> b : cumulative.entrySet()) {
            if (b.getValue() >= rank) {
                if (b.getKey().isInfinite()) {
                    return lower; // as histogram_quantile: the highest finite bound
                }
                double inBucket = b.getValue() - below;
                return inBucket <= 0 ? b.getKey() : lower + (b.getKey() - lower) * (rank - below) / inBucket;
            }
            lower = b.getKey();
            below = b.getValue();
        }
        return lower;
    }
}
