package io.fractallba.ml;

/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS) on standardised features. Deterministic for
 * a given input, so a training run is reproducible from the seed that chose its split. The intercept is not
 * penalised.
 */
public final class LogisticRegression {

    private static final int MAX_ITERATIONS = 50;

    private LogisticRegression() {
    }

    /** Coefficients: {@code [w_0 … w_{d-1}, intercept]}. */
    public static double[] fit(double[][] z, int[] y, double[] weight, double lambda) {
        int d = z[0].length;
        double[] beta = new double[d + 1];
        for (int iter = 0; iter < MAX_ITERATIONS; iter++) {
            double[][] h = new double[d + 1][d + 1];
            double[] g = new double[d + 1];
            for (int i = 0; i < z.length; i++) {
                double p = sigmoid(dot(beta, z[i]));
                double wi = weight[i];
                double r = wi * (y[i] - p);
                double s = wi * Math.max(p * (1 - p), 1e-9);
                for (int a = 0; a <= d; a++) {
                    double xa = a < d ? z[i][a] : 1;
                    g[a] += r * xa;
                    for (int b = 0; b <= a; b++) {
                        double xb = b < d ? z[i][b] : 1;
                        h[a][b] += s * xa * xb;
                    }
                }
            }
            for (int a = 0; a <= d; a++) {
                for (int b = 0; b < a; b++) {
                    h[b][a] = h[a][b];
                }
                if (a < d) {
                    h[a][a] += lambda;
                    g[a] -= lambda * beta[a];
                }
            }
            double[] step = solve(h, g);
            double change = 0;
            for (int a = 0; a <= d; a++) {
                beta[a] += step[a];
                change = Math.max(change, Math.abs(step[a]));
            }
            if (change < 1e-9) {
                break;
            }
        }
        return beta;
    }

    /** The linear predictor with coefficients {@code [w…, intercept]}. */
    public static double dot(double[] beta, double[] z) {
        double s = beta[z.length];
        for (int j = 0; j < z.length; j++) {
            s += beta[j] * z[j];
        }
        return s;
    }

    public static double sigmoid(double t) {
        return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
    }

    /** Solves a symmetric positive-definite system by Gaussian elimination with partial pivoting. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = m[c];
            m[c] = m[pivot];
            m[pivot] = t;
            if (Math.abs(m[c][c]) < 1e-15) {
                m[c][c] = 1e-15;
            }
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                for (int k = c; k <= n; k++) {
                    m[r][k] -= f * m[c][k];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int k = r + 1; k < n; k++) {
                s -= m[r][k] * x[k];
            }
            x[r] = s / m[r][r];
        }
        return x;
    }
}
