package io.fractallba.ml;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Evaluation measures computed from scores and labels the pipeline actually processed. */
public final class Metrics {

    private Metrics() {
    }

    /**
     * One-sided lower confidence bound on AUROC(candidate) − AUROC(incumbent) on the same rows, by a paired,
     * class-stratified bootstrap ({@code resamples} resamples of the positives and of the negatives, seeded): the
     * {@code 1 − level} quantile of the resampled differences. Above 0: the candidate is better beyond what the
     * test rows' sampling noise explains (at that level); NaN without both classes.
     */
    public static double aurocGainLowerBound(double[] candidate, double[] incumbent, int[] label, int resamples,
                                             double level, long seed) {
        int[] pos = IntStream.range(0, label.length).filter(i -> label[i] == 1).toArray();
        int[] neg = IntStream.range(0, label.length).filter(i -> label[i] == 0).toArray();
        if (pos.length == 0 || neg.length == 0) {
            return Double.NaN;
        }
        java.util.Random rnd = new java.util.Random(seed);
        int n = pos.length + neg.length;
        double[] diffs = new double[resamples];
        double[] a = new double[n];
        double[] b = new double[n];
        int[] y = new int[n];
        for (int r = 0; r < resamples; r++) {
            int k = 0;
            for (int i = 0; i < pos.length; i++, k++) {
                int j = pos[rnd.nextInt(pos.length)];
                a[k] = candidate[j];
                b[k] = incumbent[j];
                y[k] = 1;
            }
            for (int i = 0; i < neg.length; i++, k++) {
                int j = neg[rnd.nextInt(neg.length)];
                a[k] = candidate[j];
                b[k] = incumbent[j];
                y[k] = 0;
            }
            diffs[r] = auroc(a, y) - auroc(b, y);
        }
        Arrays.sort(diffs);
        return diffs[(int) Math.floor((1 - level) * (resamples - 1))];
    }

    /** Area under the ROC curve (Mann–Whitney U with average ranks for ties); NaN without both classes. */
    public static double auroc(double[] score, int[] label) {
        int n = score.length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> score[i]));
        double[] rank = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                rank[order[k]] = avg;
            }
            i = j + 1;
        }
        long pos = Arrays.stream(label).filter(l -> l == 1).count();
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (label[i] == 1) {
                sum += rank[i];
            }
        }
        return (sum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /** Expected calibration error over equal-width probability bins. */
    public static double ece(double[] p, int[] label, int bins) {
        double[] sumP = new double[bins];
        double[] sumY = new double[bins];
        int[] count = new int[bins];
        for (int i = 0; i < p.length; i++) {
            int b = Math.min(bins - 1, (int) (p[i] * bins));
            sumP[b] += p[i];
            sumY[b] += label[i];
            count[b]++;
        }
        double e = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                e += (double) count[b] / p.length * Math.abs(sumY[b] / count[b] - sumP[b] / count[b]);
            }
        }
        return e;
    }

    public static double brier(double[] p, int[] label) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += (p[i] - label[i]) * (p[i] - label[i]);
        }
        return s / p.length;
    }

    /** Share of labels inside their interval [p − q, p + q] ∩ [0, 1]. */
    public static double coverage(double[] p, int[] label, double q) {
        int in = 0;
        for (int i = 0; i < p.length; i++) {
            if (Math.abs(label[i] - p[i]) <= q) {
                in++;
            }
        }
        return (double) in / p.length;
    }

    /** Mean width of the clipped intervals. */
    public static double meanWidth(double[] p, double q) {
        double w = 0;
        for (double v : p) {
            w += Math.min(1, v + q) - Math.max(0, v - q);
        }
        return w / p.length;
    }

    /** Share of labels inside the asymmetric interval [p − qLow, p + qHigh] (class-conditional conformal). */
    public static double coverage(double[] p, int[] label, double qLow, double qHigh) {
        int in = 0;
        for (int i = 0; i < p.length; i++) {
            if (label[i] == 0 ? p[i] <= qLow : 1 - p[i] <= qHigh) {
                in++;
            }
        }
        return (double) in / p.length;
    }

    /** Coverage among the rows labelled {@code cls} only; NaN when there are none. */
    public static double classCoverage(double[] p, int[] label, double qLow, double qHigh, int cls) {
        int n = 0;
        int in = 0;
        for (int i = 0; i < p.length; i++) {
            if (label[i] == cls) {
                n++;
                if (cls == 0 ? p[i] <= qLow : 1 - p[i] <= qHigh) {
                    in++;
                }
            }
        }
        return n == 0 ? Double.NaN : (double) in / n;
    }

    /** Mean width of the clipped intervals [p − qLow, p + qHigh] ∩ [0, 1]. */
    public static double meanWidth(double[] p, double qLow, double qHigh) {
        double w = 0;
        for (double v : p) {
            w += Math.min(1, v + qHigh) - Math.max(0, v - qLow);
        }
        return w / p.length;
    }
}
