package io.fractallba.ml;

import java.util.Arrays;

/**
 * Split-conformal interval for the label: nonconformity |y − p| on a calibration set the model never trained on;
 * with q its ⌈(n+1)(1−α)⌉-th smallest value, [p − q, p + q] contains a fresh label with probability ≥ 1 − α
 * (for exchangeable data). Coverage is measured on the test split and exported, not assumed.
 *
 * <p>{@link #byLabel} is the class-conditional (Mondrian) form for a binary label: one quantile per label, each from
 * the calibration rows of that label only, so the coverage guarantee ≥ 1 − α holds for risky and for grounded
 * submissions separately (the marginal form can over-cover the majority class and under-cover the minority). The
 * interval [p − q₀, p + q₁] ∩ [0, 1] contains the label 0 exactly when p ≤ q₀ and the label 1 exactly when
 * 1 − p ≤ q₁: it is the hull of the Mondrian prediction set.
 */
public final class Conformal {

    private Conformal() {
    }

    public static double quantile(double[] p, int[] label, double alpha) {
        int n = p.length;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = Math.abs(label[i] - p[i]);
        }
        Arrays.sort(s);
        int k = (int) Math.ceil((n + 1) * (1 - alpha));
        return k > n ? 1.0 : s[k - 1];
    }

    /** {@code [q0, q1]}: the conformal quantile of |y − p| among the calibration rows labelled 0, and among those labelled 1. */
    public static double[] byLabel(double[] p, int[] label, double alpha) {
        double[] q = new double[2];
        for (int c = 0; c <= 1; c++) {
            int cls = c;
            int[] rows = java.util.stream.IntStream.range(0, p.length).filter(i -> label[i] == cls).toArray();
            double[] pc = new double[rows.length];
            int[] yc = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                pc[i] = p[rows[i]];
                yc[i] = cls;
            }
            q[c] = quantile(pc, yc, alpha);
        }
        return q;
    }
}
