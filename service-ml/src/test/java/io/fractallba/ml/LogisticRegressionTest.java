package io.fractallba.ml;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The fit against answers known without it: a closed-form MLE, a generating model, and the optimality condition. */
class LogisticRegressionTest {

    @Test
    void oneBinaryFeatureWithoutPenaltyGivesTheClosedFormLogOdds() {
        // x = 0: 30 of 100 positive; x = 1: 80 of 100. The MLE: intercept = logit(0.3), slope = logit(0.8) - logit(0.3).
        int n = 200;
        double[][] z = new double[n][1];
        int[] y = new int[n];
        double[] w = new double[n];
        Arrays.fill(w, 1);
        for (int i = 0; i < n; i++) {
            boolean one = i >= 100;
            z[i][0] = one ? 1 : 0;
            y[i] = one ? (i - 100 < 80 ? 1 : 0) : (i < 30 ? 1 : 0);
        }
        double[] beta = LogisticRegression.fit(z, y, w, 0);
        assertThat(beta[1]).isCloseTo(logit(0.3), within(1e-7));
        assertThat(beta[0]).isCloseTo(logit(0.8) - logit(0.3), within(1e-7));
    }

    @Test
    void aLargeSampleRecoversTheGeneratingCoefficients() {
        double[] truth = {1.5, -2.0, 0.0, 0.7, -0.4};   // four weights and the intercept
        Random rnd = new Random(11);
        int n = 40_000;
        double[][] z = new double[n][4];
        int[] y = new int[n];
        double[] w = new double[n];
        Arrays.fill(w, 1);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                z[i][j] = rnd.nextGaussian();
            }
            y[i] = rnd.nextDouble() < LogisticRegression.sigmoid(LogisticRegression.dot(truth, z[i])) ? 1 : 0;
        }
        double[] beta = LogisticRegression.fit(z, y, w, 1e-6);
        for (int j = 0; j < truth.length; j++) {
            // standard errors at this n are about 0.02; 0.08 is four of them
            assertThat(beta[j]).as("coefficient %d", j).isCloseTo(truth[j], within(0.08));
        }
    }

    @Test
    void theFitZeroesThePenalisedGradientWithWeightsAndAPenalty() {
        Random rnd = new Random(5);
        int n = 500;
        double lambda = 3.0;
        double[][] z = new double[n][3];
        int[] y = new int[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                z[i][j] = rnd.nextGaussian();
            }
            y[i] = rnd.nextDouble() < LogisticRegression.sigmoid(z[i][0] - z[i][2]) ? 1 : 0;
            w[i] = 0.5 + rnd.nextDouble();
        }
        double[] beta = LogisticRegression.fit(z, y, w, lambda);
        double[] g = new double[4];
        for (int i = 0; i < n; i++) {
            double r = w[i] * (y[i] - LogisticRegression.sigmoid(LogisticRegression.dot(beta, z[i])));
            for (int a = 0; a < 3; a++) {
                g[a] += r * z[i][a];
            }
            g[3] += r;
        }
        for (int a = 0; a < 3; a++) {
            g[a] -= lambda * beta[a];   // the intercept is not penalised
        }
        for (double ga : g) {
            assertThat(ga).isCloseTo(0, within(1e-8));
        }
        // and the penalty shrinks: the same data without it gives larger weights
        double[] free = LogisticRegression.fit(z, y, w, 0);
        assertThat(Math.abs(free[0])).isGreaterThan(Math.abs(beta[0]));
    }

    @Test
    void plattRecoversAKnownScaleAndShift() {
        Random rnd = new Random(3);
        int n = 30_000;
        double[] t = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = 3 * rnd.nextGaussian();
            y[i] = rnd.nextDouble() < LogisticRegression.sigmoid(0.5 * t[i] - 1.0) ? 1 : 0;
        }
        double[] ac = Platt.fit(t, y);
        assertThat(ac[0]).isCloseTo(0.5, within(0.03));
        assertThat(ac[1]).isCloseTo(-1.0, within(0.06));
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }
}
