package io.fractallba.hrs.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.hrs.eval.LabelledFeatures;
import io.fractallba.hrs.eval.SyntheticLabelledData;
import io.fractallba.hrs.features.FeatureExtractor;
import io.fractallba.hrs.features.FeatureSchema;
import io.fractallba.ml.Example;
import io.fractallba.ml.OnnxWriter;
import io.fractallba.hrs.registry.RegisteredModel;
import io.fractallba.hrs.training.Candidate;
import io.fractallba.hrs.training.TrainingPipeline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServingAndDriftTest {

    static List<Example> data;
    static Candidate a;
    static Candidate b;

    @BeforeAll
    static void train() throws Exception {
        data = LabelledFeatures.of(new SyntheticLabelledData(31).generate(1200), new FeatureExtractor(new ObjectMapper()));
        TrainingPipeline p = new TrainingPipeline(0.01, 0.1, 200);
        a = p.train(data, 1, null);
        b = p.train(data, 2, null);
    }

    static RegisteredModel registered(String v, Candidate c) {
        return new RegisteredModel(v, "active", "test", c.model(), c, OnnxWriter.write(c.model(), v), "", null, false);
    }

    @Test
    void theConsumerStartsUnlessItWaitsForABootstrapThatWillRun() {
        assertThat(HrsRuntime.consumeNow(true, true, false)).as("a model is loaded").isTrue();
        assertThat(HrsRuntime.consumeNow(false, false, false)).as("no bootstrap: answer no_model").isTrue();
        assertThat(HrsRuntime.consumeNow(false, true, false)).as("the bootstrap model is on its way").isFalse();
        // models of the current schema exist but none is active: the bootstrap never runs, so waiting would hang
        assertThat(HrsRuntime.consumeNow(false, true, true)).isTrue();
    }

    @Test
    void abRoutingByAStableHashSendsTheConfiguredShareToTheShadow() {
        List<String> keys = data.stream().map(Example::key).toList();
        double[][] rows = data.stream().map(Example::x).toArray(double[][]::new);
        try (ServingModels none = new ServingModels(registered("v1", a), registered("v2", b), 0);
             ServingModels half = new ServingModels(registered("v1", a), registered("v2", b), 50);
             ServingModels all = new ServingModels(registered("v1", a), registered("v2", b), 100)) {
            assertThat(List.of(none.score(keys, rows))).allSatisfy(s -> {
                assertThat(s.modelVersion()).isEqualTo("v1");
                assertThat(s.shadowScore()).isNotNull();
            });
            assertThat(List.of(all.score(keys, rows))).allSatisfy(s -> assertThat(s.modelVersion()).isEqualTo("v2"));
            ServingModels.Served[] first = half.score(keys, rows);
            ServingModels.Served[] again = half.score(keys, rows);
            long toShadow = java.util.Arrays.stream(first).filter(s -> s.modelVersion().equals("v2")).count();
            assertThat(toShadow / (double) keys.size()).isBetween(0.4, 0.6);
            for (int i = 0; i < first.length; i++) {
                assertThat(again[i].modelVersion()).as("the same key always gets the same model").isEqualTo(first[i].modelVersion());
            }
        }
    }

    @Test
    void psiStaysLowForTrainingLikeTrafficAndCrossesTheLineWhenAFeatureShifts() {
        DriftMonitor same = new DriftMonitor(2000);
        DriftMonitor shifted = new DriftMonitor(2000);
        same.reference(a.trainingDeciles(), a.trainingShares());
        shifted.reference(a.trainingDeciles(), a.trainingShares());
        List<Example> fresh = LabelledFeatures.of(new SyntheticLabelledData(32).generate(1200), new FeatureExtractor(new ObjectMapper()));
        int coh = FeatureSchema.index("coh_star");
        for (Example e : fresh) {
            same.observe(e.x());
            double[] moved = e.x().clone();
            moved[coh] = moved[coh] * 0.5; // agents' coherence halves
            shifted.observe(moved);
        }
        assertThat(same.psi(coh)).isLessThan(0.1);
        assertThat(shifted.psi(coh)).isGreaterThan(0.25);
        assertThat(shifted.psi(FeatureSchema.index("d_hat"))).isLessThan(0.1);
        assertThat(new DriftMonitor(10).psi(coh)).as("no reference yet").isNaN();
    }
}
