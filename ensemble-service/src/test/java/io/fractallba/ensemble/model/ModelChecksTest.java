package io.fractallba.ensemble.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.ensemble.check.AnomalyCheck;
import io.fractallba.ensemble.check.CheckResult;
import io.fractallba.ensemble.check.MicroVoteCheck;
import io.fractallba.ensemble.check.Subject;
import io.fractallba.ensemble.check.Verdict;
import io.fractallba.ensemble.policy.EnsemblePolicy;
import io.fractallba.ml.Example;
import io.fractallba.ml.OnnxScorer;
import io.fractallba.ml.OnnxWriter;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.sdk.load.Workloads;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ModelChecksTest {

    static Subject subject(String tenant, Subject.Risk risk) throws Exception {
        byte[] body = new Workloads(new Random().nextLong()).fresh().body();
        Pcs pcs = new PcsParser().parse(body);
        return new Subject(tenant, pcs.pcsId(), pcs, new ObjectMapper().readTree(body), risk);
    }

    @Test
    void theAnomalyModelsOnnxDistanceMatchesItsDefinitionAndSeparatesOutliers() throws Exception {
        Random r = new Random(3);
        double[][] history = new double[500][];
        for (int i = 0; i < history.length; i++) {
            history[i] = new double[]{1.2 + 0.1 * r.nextGaussian(), 0.6 + 0.05 * r.nextGaussian(),
                    0.4 + 0.05 * r.nextGaussian(), 0.3 + 0.02 * r.nextGaussian()};
        }
        try (AnomalyModel m = AnomalyModel.fit(history)) {
            double[] x = {1.25, 0.58, 0.43, 0.31};
            double expected = 0;
            for (int j = 0; j < 4; j++) {
                double z = (x[j] - m.mean()[j]) / m.std()[j];
                expected += z * z;
            }
            assertThat(m.distance(x)).isCloseTo(expected, within(1e-3));
            assertThat(m.distance(x)).isLessThan(AnomalyModel.ACCEPT_MAX);
            assertThat(m.distance(new double[]{1.9, 0.1, 0.9, 0.6})).isGreaterThan(AnomalyModel.REJECT_MIN);
            int inside = 0;
            for (int i = 0; i < 2000; i++) {
                double[] fresh = {1.2 + 0.1 * r.nextGaussian(), 0.6 + 0.05 * r.nextGaussian(), 0.4 + 0.05 * r.nextGaussian(),
                        0.3 + 0.02 * r.nextGaussian()};
                inside += m.distance(fresh) <= AnomalyModel.ACCEPT_MAX ? 1 : 0;
            }
            assertThat(inside / 2000.0).as("χ²(4) 95% line on data like the history").isCloseTo(0.95, within(0.02));
        }
    }

    @Test
    void theAnomalyCheckAbstainsWithoutAModelAndVotesWithOne() throws Exception {
        Subject s = subject("t", null);
        CheckResult none = new AnomalyCheck(t -> Optional.empty()).vote(s, EnsemblePolicy.DEFAULT);
        assertThat(none.verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
        double[] sig = Signals.of(s);
        double[][] around = new double[100][];
        Random r = new Random(5);
        for (int i = 0; i < around.length; i++) {
            around[i] = new double[]{sig[0] + 0.05 * r.nextGaussian(), sig[1] + 0.05 * r.nextGaussian(),
                    sig[2] + 0.05 * r.nextGaussian(), sig[3] + 0.05 * r.nextGaussian()};
        }
        try (AnomalyModel m = AnomalyModel.fit(around)) {
            assertThat(new AnomalyCheck(t -> Optional.of(m)).vote(s, EnsemblePolicy.DEFAULT).verdict())
                    .as("typical never counts as an accept vote").isEqualTo(Verdict.NOT_APPLICABLE);
        }
        for (double[] a : around) {
            a[0] += 3; // the tenant's usual D̂ is far from this submission's
        }
        try (AnomalyModel m = AnomalyModel.fit(around)) {
            assertThat(new AnomalyCheck(t -> Optional.of(m)).vote(s, EnsemblePolicy.DEFAULT).verdict()).isEqualTo(Verdict.REJECT);
        }
    }

    @Test
    void theMicroVoteLearnsFromLabelledDecisionsAndRunsAsOnnx() throws Exception {
        Random r = new Random(11);
        List<Example> labelled = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            int y = r.nextDouble() < 0.4 ? 1 : 0;
            double risk = Math.min(1, Math.max(0, 0.3 + 0.3 * y + 0.2 * r.nextGaussian()));
            double dHat = 1.2 + 0.25 * y + 0.2 * r.nextGaussian();
            labelled.add(new Example("k" + i, new double[]{dHat, 0.5 + 0.1 * r.nextGaussian(), 0.4, 0.3, i % 5 == 0 ? Double.NaN : risk,
                    0.5}, y, 1));
        }
        MicroVoteTrainer.Trained t = MicroVoteTrainer.train(labelled, 1, 100);
        assertThat(t.auroc()).isGreaterThan(t.baselineAuroc()).isGreaterThan(0.75);
        try (OnnxScorer scorer = new OnnxScorer(OnnxWriter.write(t.model(), "mv"), Signals.FEATURE_NAMES.size())) {
            MicroVoteCheck check = new MicroVoteCheck(() -> new MicroVoteCheck.Served("m1", scorer));
            CheckResult low = check.vote(subject("t", new Subject.Risk(0.02, 0, 0.1, "v1")), EnsemblePolicy.DEFAULT);
            assertThat(low.reason()).contains("micro-vote m1");
            // no risk (none arrived, or "no model"): the model would vote on an imputed mean; it abstains instead
            CheckResult none = check.vote(subject("t", null), EnsemblePolicy.DEFAULT);
            assertThat(none.verdict()).isEqualTo(Verdict.ABSTAIN);
            assertThat(none.reason()).contains("no risk score");
            CheckResult noModel = check.vote(subject("t", new Subject.Risk(0.5, 0, 1, "none", Subject.Risk.NO_MODEL,
                    false)), EnsemblePolicy.DEFAULT);
            assertThat(noModel.verdict()).isEqualTo(Verdict.ABSTAIN);
            assertThat(noModel.reason()).contains("no risk score");
        }
        assertThat(new MicroVoteCheck(() -> null).vote(subject("t", null), EnsemblePolicy.DEFAULT).verdict())
                .isEqualTo(Verdict.NOT_APPLICABLE);
        assertThatThrownBy(() -> MicroVoteTrainer.train(labelled.subList(0, 50), 1, 100))
                .isInstanceOf(MicroVoteTrainer.NotEnoughLabels.class).hasMessageContaining("at least 100");
    }
}
