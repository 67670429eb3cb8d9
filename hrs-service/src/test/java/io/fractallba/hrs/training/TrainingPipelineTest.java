package io.fractallba.hrs.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.hrs.eval.LabelledFeatures;
import io.fractallba.hrs.eval.SyntheticLabelledData;
import io.fractallba.hrs.features.FeatureExtractor;
import io.fractallba.hrs.features.FeatureSchema;
import io.fractallba.ml.Example;
import io.fractallba.ml.Metrics;
import io.fractallba.ml.OnnxScorer;
import io.fractallba.ml.OnnxWriter;
import io.fractallba.ml.TrainedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TrainingPipelineTest {

    static List<Example> data;
    static List<Example> fresh;
    static final TrainingPipeline PIPELINE = new TrainingPipeline(1e-2, 0.1, 200);

    @BeforeAll
    static void generate() {
        FeatureExtractor fx = new FeatureExtractor(new ObjectMapper());
        data = LabelledFeatures.of(new SyntheticLabelledData(11).generate(1500), fx);
        fresh = LabelledFeatures.of(new SyntheticLabelledData(12).generate(2000), fx);
    }

    @Test
    void trainingIsReproducibleFromItsSeed() throws Exception {
        Candidate a = PIPELINE.train(data, 7, null);
        Candidate b = PIPELINE.train(data, 7, null);
        Candidate c = PIPELINE.train(data, 8, null);
        assertThat(a.model().weights()).containsExactly(b.model().weights());
        assertThat(a.model().bias()).isEqualTo(b.model().bias());
        assertThat(a.dataHash()).isEqualTo(b.dataHash()).isNotEqualTo(c.dataHash());
        assertThat(c.model().weights()).isNotEqualTo(a.model().weights()); // another seed, another split
    }

    @Test
    void theModelIsEvaluatedOnHeldOutRowsAndBeatsItsBaselines() throws Exception {
        Candidate c = PIPELINE.train(data, 7, null);
        assertThat(c.trainRows() + c.calibrationRows() + c.testRows()).isEqualTo(data.size());
        assertThat(c.evaluation().rows()).isEqualTo(c.testRows());
        assertThat(c.evaluation().auroc()).isGreaterThan(0.7).isLessThan(1.0);
        assertThat(c.baselines()).isNotEmpty();
        assertThat(c.baselines()).allSatisfy(b -> assertThat(c.evaluation().auroc()).isGreaterThan(b.auroc()));
        assertThat(c.evaluation().ece()).isLessThan(0.1);
    }

    @Test
    void theExportedOnnxModelScoresLikeTheInMemoryModel() throws Exception {
        TrainedModel m = PIPELINE.train(data, 7, null).model();
        try (OnnxScorer onnx = new OnnxScorer(OnnxWriter.write(m, "test"), FeatureSchema.width())) {
            double[][] rows = fresh.stream().limit(500).map(Example::x).toArray(double[][]::new);
            OnnxScorer.Scored[] scored = onnx.score(rows);
            for (int i = 0; i < rows.length; i++) {
                assertThat(scored[i].score()).isCloseTo(m.score(rows[i]), within(1e-5));
                double[] c = m.contributions(rows[i]);
                for (int j = 0; j < c.length; j++) {
                    assertThat(scored[i].contributions()[j]).isCloseTo(c[j], within(1e-4));
                }
            }
            int logprob = FeatureSchema.index("logprob_mean");
            assertThat(java.util.Arrays.stream(rows).filter(r -> Double.isNaN(r[logprob])).count())
                    .as("rows with a missing agent feature were compared too").isPositive();
        }
    }

    @Test
    void intervalCoverageOnFreshDataIsWithinToleranceOfNominal() throws Exception {
        TrainedModel m = PIPELINE.train(data, 7, null).model();
        double[] p = fresh.stream().mapToDouble(e -> m.score(e.x())).toArray();
        int[] y = fresh.stream().mapToInt(Example::label).toArray();
        // 2,000 fresh rows: the standard error of a 90% coverage is 0.7 points; allow 3 points.
        assertThat(Metrics.coverage(p, y, m.q())).isCloseTo(0.9, within(0.03));
    }

    @Test
    void aWorseModelDoesNotBeatTheActiveOne() throws Exception {
        TrainedModel good = PIPELINE.train(data, 7, null).model();
        // Labels of the rows the candidate learns from (train and calibration splits) are coin flips; the test
        // rows keep theirs, so both models are judged on the same real labels.
        java.util.Random coin = new java.util.Random(3);
        List<Example> mislabelled = data.stream().map(e -> io.fractallba.ml.SeededSplit.unit(7, e.key()) < 0.8
                ? new Example(e.key(), e.x(), coin.nextInt(2), 1.0) : e).toList();
        Candidate worse = PIPELINE.train(mislabelled, 7, good);
        assertThat(worse.active()).isNotNull();
        assertThat(worse.beatsActive()).isFalse();
        assertThat(PIPELINE.train(data, 7, null).beatsActive()).isTrue();
    }

    @Test
    void tooFewLabelsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> PIPELINE.train(data.subList(0, 50), 7, null))
                .isInstanceOf(NotEnoughDataException.class).hasMessageContaining("at least 200");
    }
}
