package io.fractallba.ml;

import java.util.Arrays;

/**
 * Split-conformal interval for the label: nonconformity |y − p| on a calibration set the model never trained on;
 * with q its ⌈(n+1)(1−α)⌉-th smallest value, [p − q, p + q] contains a fresh label with probability ≥ 1 − α
 * (for exchangeable data). Coverage is measured on the test split and exported, not assumed.
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
}
