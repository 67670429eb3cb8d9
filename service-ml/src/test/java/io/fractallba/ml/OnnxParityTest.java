package io.fractallba.ml;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The ONNX graph onnxruntime serves computes what the Java model computes: score and per-column contributions, with
 * missing values (NaN) imputed to the training mean, to float precision.
 */
class OnnxParityTest {

    @Test
    void scoresAndContributionsMatchTheJavaModelIncludingMissingValues() {
        Random rnd = new Random(17);
        int f = 9;
        List<String> columns = new ArrayList<>();
        double[] mean = new double[f];
        double[] std = new double[f];
        double[] w = new double[f];
        for (int j = 0; j < f; j++) {
            columns.add("c" + j);
            mean[j] = rnd.nextGaussian() * 3;
            std[j] = 0.2 + rnd.nextDouble() * 4;
            w[j] = j == 4 ? 0 : rnd.nextGaussian();   // a screened-out column weighs 0
        }
        TrainedModel m = new TrainedModel(columns, mean, std, w, -0.3, 0.4, 0.1, new double[]{0.35, 0.5});
        double[][] rows = new double[500][f];
        for (double[] r : rows) {
            for (int j = 0; j < f; j++) {
                r[j] = rnd.nextDouble() < 0.1 ? Double.NaN : mean[j] + std[j] * rnd.nextGaussian() * 2;
            }
        }
        try (OnnxScorer onnx = new OnnxScorer(OnnxWriter.write(m, "parity"), f)) {
            OnnxScorer.Scored[] scored = onnx.score(rows);
            double worst = 0;
            for (int i = 0; i < rows.length; i++) {
                assertThat(scored[i].score()).isCloseTo(m.score(rows[i]), within(1e-5));
                double[] c = m.contributions(rows[i]);
                for (int j = 0; j < f; j++) {
                    assertThat(scored[i].contributions()[j]).isCloseTo(c[j], within(1e-4 * (1 + Math.abs(c[j]))));
                    if (Double.isNaN(rows[i][j])) {
                        assertThat(scored[i].contributions()[j]).isEqualTo(0.0f);
                    }
                }
                worst = Math.max(worst, Math.abs(scored[i].score() - m.score(rows[i])));
            }
            assertThat(worst).isLessThan(1e-5);
        }
    }

    @Test
    void aRowOfTheWrongWidthAndBytesThatAreNoModelAreRefused() {
        TrainedModel m = new TrainedModel(List.of("a", "b"), new double[]{0, 0}, new double[]{1, 1},
                new double[]{1, -1}, 0, 0.5, 0.1);
        try (OnnxScorer onnx = new OnnxScorer(OnnxWriter.write(m, "w"), 2)) {
            assertThatThrownBy(() -> onnx.score(new double[]{1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new OnnxScorer(new byte[]{1, 2, 3}, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
