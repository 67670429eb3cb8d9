package io.fractallba.ml;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConformalTest {

    /** Exchangeable scores and labels: 30% positives, scores that separate them imperfectly. */
    static double[][] sample(int n, long seed) {
        Random rnd = new Random(seed);
        double[] p = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int label = rnd.nextDouble() < 0.3 ? 1 : 0;
            p[i] = LogisticRegression.sigmoid((label == 1 ? 1.0 : -1.0) + 1.5 * rnd.nextGaussian());
            y[i] = label;
        }
        return new double[][]{p, y};
    }

    static int[] labels(double[] y) {
        int[] out = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = (int) y[i];
        }
        return out;
    }

    @Test
    void classConditionalQuantilesCoverEachClassAtTheNominalRate() {
        double[][] calib = sample(3000, 1);
        double[][] fresh = sample(20000, 2);
        double alpha = 0.1;
        double[] q = Conformal.byLabel(calib[0], labels(calib[1]), alpha);
        int[] y = labels(fresh[1]);
        // The coverage a calibration set gives varies with that set: with n calibration rows of a class its standard
        // deviation is about sqrt(0.9 · 0.1 / n) — 1 point for the ~900 positives of 3,000 rows — plus under 0.4
        // points from measuring on 20,000 fresh rows (6,000 positives). Allow 3 points: about 3σ for the positives.
        assertThat(Metrics.classCoverage(fresh[0], y, q[0], q[1], 0)).isCloseTo(0.9, within(0.03));
        assertThat(Metrics.classCoverage(fresh[0], y, q[0], q[1], 1)).isCloseTo(0.9, within(0.03));
        assertThat(Metrics.coverage(fresh[0], y, q[0], q[1])).isCloseTo(0.9, within(0.03));
        double m = Conformal.quantile(calib[0], labels(calib[1]), alpha);
        assertThat(Metrics.coverage(fresh[0], y, m)).isCloseTo(0.9, within(0.03));
    }

    @Test
    void aQuantileBeyondTheDataIsTheWholeRange() {
        assertThat(Conformal.quantile(new double[]{0.2, 0.4}, new int[]{0, 1}, 0.1)).isEqualTo(1.0);
        assertThat(Conformal.byLabel(new double[]{0.2, 0.4}, new int[]{0, 0}, 0.1)[1]).isEqualTo(1.0);
    }
}
