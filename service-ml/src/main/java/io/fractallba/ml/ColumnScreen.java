package io.fractallba.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Drops the columns a linear model cannot give a meaningful weight before it is fitted: columns that are constant in
 * the training rows (their weight would be 0 whatever they mean) and columns that are (near-)exact linear functions of
 * columns kept before them (their weight, and the weights of the columns they are collinear with, would be arbitrary:
 * any split of the effect among them fits equally well). The test runs on the values the model sees — standardised,
 * missing values at the training mean — in column order, so of two duplicate columns the first is kept and the later
 * one is recorded as merged into it.
 */
public final class ColumnScreen {

    /** A column is collinear when the kept columns explain at least this share of its variance (VIF ≥ 10⁴). */
    public static final double MAX_R_SQUARED = 0.9999;
    /** Variance (after standardisation) under which a column counts as constant. */
    static final double MIN_VARIANCE = 1e-12;

    /** A column left out of the fit, and why. */
    public record Dropped(String column, String reason) {
    }

    /** The columns to fit and the ones dropped. */
    public record Result(boolean[] use, List<Dropped> dropped) {
    }

    private ColumnScreen() {
    }

    public static Result screen(List<String> columns, List<Example> train, boolean[] candidates) {
        int width = candidates.length;
        Standardizer s = Standardizer.fit(train, width);
        int n = train.size();
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            z[i] = s.apply(train.get(i).x());
        }
        double[] mean = new double[width];
        for (double[] row : z) {
            for (int j = 0; j < width; j++) {
                mean[j] += row[j] / n;
            }
        }
        double[][] cov = new double[width][width];
        for (double[] row : z) {
            for (int a = 0; a < width; a++) {
                double da = row[a] - mean[a];
                for (int b = 0; b <= a; b++) {
                    cov[a][b] += da * (row[b] - mean[b]) / Math.max(1, n - 1);
                }
            }
        }
        for (int a = 0; a < width; a++) {
            for (int b = 0; b < a; b++) {
                cov[b][a] = cov[a][b];
            }
        }
        boolean[] use = new boolean[width];
        List<Integer> kept = new ArrayList<>();
        List<Dropped> dropped = new ArrayList<>();
        for (int j = 0; j < width; j++) {
            if (!candidates[j]) {
                continue;
            }
            if (cov[j][j] < MIN_VARIANCE) {
                dropped.add(new Dropped(columns.get(j), "constant in the training data"));
                continue;
            }
            if (!kept.isEmpty()) {
                int k = kept.size();
                double[][] a = new double[k][k];
                double[] b = new double[k];
                for (int p = 0; p < k; p++) {
                    for (int q = 0; q < k; q++) {
                        a[p][q] = cov[kept.get(p)][kept.get(q)] + (p == q ? 1e-12 : 0);
                    }
                    b[p] = cov[kept.get(p)][j];
                }
                double[] beta = LogisticRegression.solve(a, b);
                double explained = 0;
                for (int p = 0; p < k; p++) {
                    explained += beta[p] * b[p];
                }
                double r2 = explained / cov[j][j];
                if (r2 >= MAX_R_SQUARED) {
                    String with = IntStream.range(0, k).boxed()
                            .filter(p -> Math.abs(beta[p]) * Math.sqrt(cov[kept.get(p)][kept.get(p)]) > 1e-6)
                            .sorted(Comparator.comparingDouble(p -> -Math.abs(beta[p]) * Math.sqrt(cov[kept.get(p)][kept.get(p)])))
                            .map(p -> columns.get(kept.get(p))).limit(4).reduce((x, y) -> x + ", " + y).orElse("?");
                    dropped.add(new Dropped(columns.get(j), String.format(Locale.ROOT,
                            "collinear: a linear function of %s (R² = %.6f)", with, Math.min(1.0, r2))));
                    continue;
                }
            }
            kept.add(j);
            use[j] = true;
        }
        return new Result(use, List.copyOf(dropped));
    }

    /**
     * R² of an ordinary least-squares fit (with intercept) of column {@code j} on the other columns in {@code use},
     * on the standardised training values: an independent check of what the screen kept (tests, reports).
     */
    public static double rSquared(List<Example> train, boolean[] use, int j) {
        int width = use.length;
        Standardizer s = Standardizer.fit(train, width);
        int[] idx = IntStream.range(0, width).filter(i -> use[i] && i != j).toArray();
        int k = idx.length;
        double[][] a = new double[k + 1][k + 1];
        double[] b = new double[k + 1];
        double[][] design = new double[train.size()][k + 1];
        double[] target = new double[train.size()];
        for (int r = 0; r < train.size(); r++) {
            double[] z = s.apply(train.get(r).x());
            for (int p = 0; p < k; p++) {
                design[r][p] = z[idx[p]];
            }
            design[r][k] = 1;
            target[r] = z[j];
            for (int p = 0; p <= k; p++) {
                b[p] += design[r][p] * target[r];
                for (int q = 0; q <= k; q++) {
                    a[p][q] += design[r][p] * design[r][q];
                }
            }
        }
        for (int p = 0; p < k; p++) {
            a[p][p] += 1e-9;
        }
        double[] beta = LogisticRegression.solve(a, b);
        double mean = Arrays.stream(target).average().orElse(0);
        double ssTot = 0;
        double ssRes = 0;
        for (int r = 0; r < target.length; r++) {
            double fit = 0;
            for (int p = 0; p <= k; p++) {
                fit += beta[p] * design[r][p];
            }
            ssTot += (target[r] - mean) * (target[r] - mean);
            ssRes += (target[r] - fit) * (target[r] - fit);
        }
        return ssTot < MIN_VARIANCE ? 1.0 : 1 - ssRes / ssTot;
    }
}
