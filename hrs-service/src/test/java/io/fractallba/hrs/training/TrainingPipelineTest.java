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
import java.util.Map;

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
        assertThat(c.trainRows() + c.calibrationRows() + c.conformalRows() + c.testRows()).isEqualTo(data.size());
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
    void intervalCoverageOnFreshDataIsWithinToleranceOfNominalForEachLabel() throws Exception {
        Candidate c = PIPELINE.train(data, 7, null);
        TrainedModel m = c.model();
        double[] p = fresh.stream().mapToDouble(e -> m.score(e.x())).toArray();
        int[] y = fresh.stream().mapToInt(Example::label).toArray();
        // Class-conditional quantiles from ~150 label-1 and ~250 label-0 conformal rows: the coverage a split gives
        // varies by ~2.5 points (label 1), the fresh measurement by ~1.2; allow 6 points per label, 3 marginally.
        assertThat(Metrics.classCoverage(p, y, m.qLow(), m.qHigh(), 0)).isCloseTo(0.9, within(0.06));
        assertThat(Metrics.classCoverage(p, y, m.qLow(), m.qHigh(), 1)).isCloseTo(0.9, within(0.06));
        assertThat(Metrics.coverage(p, y, m.qLow(), m.qHigh())).isCloseTo(0.9, within(0.03));
        assertThat(c.evaluation().coverageLabel0()).isCloseTo(0.9, within(0.08));
        assertThat(c.evaluation().coverageLabel1()).isCloseTo(0.9, within(0.08));
    }

    @Test
    void theFourSplitsAreDisjointAndTheIntervalIsSizedOnTheConformalSplitOnly() throws Exception {
        Candidate c = PIPELINE.train(data, 7, null);
        java.util.Map<TrainingPipeline.Split, List<Example>> bySplit = new java.util.EnumMap<>(TrainingPipeline.Split.class);
        for (Example e : data) {
            bySplit.computeIfAbsent(TrainingPipeline.split(7, e.key()), k -> new java.util.ArrayList<>()).add(e);
        }
        assertThat(c.trainRows()).isEqualTo(bySplit.get(TrainingPipeline.Split.TRAIN).size());
        assertThat(c.calibrationRows()).isEqualTo(bySplit.get(TrainingPipeline.Split.CALIBRATION).size());
        assertThat(c.conformalRows()).isEqualTo(bySplit.get(TrainingPipeline.Split.CONFORMAL).size());
        assertThat(c.testRows()).isEqualTo(bySplit.get(TrainingPipeline.Split.TEST).size());
        assertThat(c.trainRows() + c.calibrationRows() + c.conformalRows() + c.testRows()).isEqualTo(data.size());
        TrainedModel m = c.model();
        assertThat(m.qByLabel()).containsExactly(quantiles(m, bySplit.get(TrainingPipeline.Split.CONFORMAL)));
        assertThat(m.qByLabel()).isNotEqualTo(quantiles(m, bySplit.get(TrainingPipeline.Split.CALIBRATION)));
    }

    @Test
    void plattIsFittedOnTheCalibrationSplitOnlyAndNoTamperedTwinIsEvaluated() throws Exception {
        Candidate c = PIPELINE.train(data, 7, null);
        List<Example> observed = data.stream().filter(e -> TrainingPipeline.split(7, e.key()) == TrainingPipeline.Split.TRAIN).toList();
        List<Example> calib = data.stream().filter(e -> TrainingPipeline.split(7, e.key()) == TrainingPipeline.Split.CALIBRATION).toList();
        List<Example> conformal = data.stream().filter(e -> TrainingPipeline.split(7, e.key()) == TrainingPipeline.Split.CONFORMAL).toList();
        List<Example> test = data.stream().filter(e -> TrainingPipeline.split(7, e.key()) == TrainingPipeline.Split.TEST).toList();
        List<Example> twins = TamperInjection.twins(observed, 7);
        List<Example> train = new java.util.ArrayList<>(observed);
        train.addAll(twins);
        boolean[] all = new boolean[FeatureSchema.width()];
        java.util.Arrays.fill(all, true);
        boolean[] use = io.fractallba.ml.ColumnScreen.screen(FeatureSchema.COLUMNS, train, all).use();
        // the same fit from explicit lists reproduces the model exactly; Platt on any other rows would not
        TrainedModel refit = io.fractallba.ml.CalibratedLinearModel.fit(FeatureSchema.COLUMNS, train, calib, conformal, use,
                1e-2, 0.1);
        assertThat(c.model().weights()).containsExactly(refit.weights());
        assertThat(c.model().bias()).isEqualTo(refit.bias());
        List<Example> calibAndConformal = new java.util.ArrayList<>(calib);
        calibAndConformal.addAll(conformal);
        TrainedModel plattOnMore = io.fractallba.ml.CalibratedLinearModel.fit(FeatureSchema.COLUMNS, train,
                calibAndConformal, conformal, use, 1e-2, 0.1);
        assertThat(plattOnMore.bias()).as("the comparison can tell the calibration rows apart").isNotEqualTo(refit.bias());
        // twins were added (to training) but the evaluation is exactly that of the labelled test rows
        assertThat(twins).isNotEmpty();
        assertThat(c.injectedTamperingRows()).isEqualTo(twins.size());
        assertThat(c.trainRows()).isEqualTo(observed.size());
        assertThat(c.evaluation()).isEqualTo(TrainingPipeline.evaluate("model", c.model(), test));
        assertThat(test).noneMatch(e -> e.key().contains("#tampered"));
    }

    private static double[] quantiles(TrainedModel m, List<Example> rows) {
        return io.fractallba.ml.Conformal.byLabel(rows.stream().mapToDouble(e -> m.score(e.x())).toArray(),
                rows.stream().mapToInt(Example::label).toArray(), m.alpha());
    }

    @Test
    void noConstantOrCollinearColumnIsKept() throws Exception {
        Candidate c = PIPELINE.train(data, 7, null);
        List<Example> train = new java.util.ArrayList<>(data.stream()
                .filter(e -> TrainingPipeline.split(7, e.key()) == TrainingPipeline.Split.TRAIN).toList());
        train.addAll(TamperInjection.twins(train, 7));
        boolean[] kept = new boolean[FeatureSchema.width()];
        java.util.Arrays.fill(kept, true);
        for (Candidate.DroppedColumn d : c.droppedColumns()) {
            kept[FeatureSchema.index(d.column())] = false;
        }
        for (int j = 0; j < kept.length; j++) {
            if (kept[j]) {
                String col = FeatureSchema.COLUMNS.get(j);
                assertThat(io.fractallba.ml.ColumnScreen.rSquared(train, kept, j)).as("%s is collinear with the kept columns", col)
                        .isLessThan(io.fractallba.ml.ColumnScreen.MAX_R_SQUARED);
                int col0 = j;
                assertThat(train.stream().mapToDouble(e -> Double.isNaN(e.x()[col0]) ? 0 : e.x()[col0]).distinct().count())
                        .as("%s is constant", col).isGreaterThan(1);
            }
        }
        // What the synthetic data makes constant or duplicate: every trace has the SDK's 5 scales and a residual;
        // the three tenant z-scores go missing together, the two agent features too.
        assertThat(c.droppedColumns()).extracting(Candidate.DroppedColumn::column)
                .contains("nj_scales", "nj_residual_rms_missing", "coh_star_tenant_z_missing", "r_tenant_z_missing",
                        "response_tokens_log_missing")
                .doesNotContain("d_hat", "d_hat_delta", "budget_delta", "regime_mismatch");
    }

    @Test
    void tamperedSubmissionsScoreHigherThanTheirUntamperedTwinsAndTheIntegrityFeaturesWeigh() throws Exception {
        TrainedModel m = PIPELINE.train(data, 7, null).model();
        for (String integrity : FeatureSchema.INTEGRITY) {
            assertThat(m.weights()[FeatureSchema.index(integrity)]).as(integrity).isGreaterThan(0.1);
        }
        FeatureExtractor fx = new FeatureExtractor(new ObjectMapper());
        SyntheticLabelledData gen = new SyntheticLabelledData(13);
        List<SyntheticLabelledData.Item> honest = gen.generate(300).stream()
                .filter(i -> i.tampering() == SyntheticLabelledData.Tampering.NONE).limit(60).toList();
        int compared = 0;
        for (SyntheticLabelledData.Item it : honest) {
            double base = served(m, fx, it);
            for (SyntheticLabelledData.Tampering kind : List.of(SyntheticLabelledData.Tampering.D_HAT,
                    SyntheticLabelledData.Tampering.BUDGET, SyntheticLabelledData.Tampering.REGIME)) {
                for (double size : new double[]{-0.2, 0.2}) {
                    SyntheticLabelledData.Item t = gen.tampered(it, kind, size);
                    assertThat(served(m, fx, t)).as("%s %s by %.1f", it.pcs().pcsId(), kind, size).isGreaterThan(base);
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(360);
    }

    /** The score as served by default: the tenant's history unknown here, declared features ignored. */
    private static double served(TrainedModel m, FeatureExtractor fx, SyntheticLabelledData.Item it) {
        return m.score(io.fractallba.hrs.features.DeclaredFeatures.withoutDeclared(fx.extract(it.pcs(), it.json(), null)));
    }

    @Test
    void aWorseModelDoesNotBeatTheActiveOne() throws Exception {
        TrainedModel good = PIPELINE.train(data, 7, null).model();
        // Labels of the rows the candidate learns from (train and calibration splits) are coin flips; the test
        // rows keep theirs, so both models are judged on the same real labels.
        java.util.Random coin = new java.util.Random(3);
        List<Example> mislabelled = data.stream().map(e -> TrainingPipeline.split(7, e.key()) != TrainingPipeline.Split.TEST
                ? new Example(e.key(), e.x(), coin.nextInt(2), 1.0) : e).toList();
        Candidate worse = PIPELINE.train(mislabelled, 7, good);
        assertThat(worse.active()).isNotNull();
        assertThat(worse.beatsActive()).isFalse();
        assertThat(PIPELINE.train(data, 7, null).beatsActive()).isTrue();
    }

    @Test
    void onlyAGainBeyondTheTestRowsNoisePromotes() throws Exception {
        TrainedModel good = PIPELINE.train(data, 7, null).model();
        // The same data and seed give the same model: no gain at all.
        Candidate same = PIPELINE.train(data, 7, good);
        assertThat(same.aurocGainLowerBound()).isLessThanOrEqualTo(0.0);
        assertThat(same.beatsActive()).isFalse();
        // An incumbent a hair worse (weights jittered by 2%): "strictly higher" would promote, the margin does not.
        java.util.Random jitter = new java.util.Random(1);
        Candidate hair = null;
        for (int attempt = 0; attempt < 30 && hair == null; attempt++) {
            double[] w = good.weights().clone();
            for (int j = 0; j < w.length; j++) {
                w[j] *= 1 + 0.02 * jitter.nextGaussian();
            }
            Candidate c = PIPELINE.train(data, 7, new TrainedModel(good.columns(), good.mean(), good.std(), w,
                    good.bias(), good.q(), good.alpha(), good.qByLabel()));
            hair = c.evaluation().auroc() > c.active().auroc() ? c : null;
        }
        assertThat(hair).as("a jittered incumbent with a lower AUROC within 30 tries").isNotNull();
        assertThat(hair.aurocGainLowerBound()).isLessThanOrEqualTo(0.0);
        assertThat(hair.beatsActive()).isFalse();
        // A clearly worse incumbent (one column only) is beaten beyond the noise.
        double[] one = new double[good.weights().length];
        int strongest = 0;
        for (int j = 1; j < one.length; j++) {
            strongest = Math.abs(good.weights()[j]) > Math.abs(good.weights()[strongest]) ? j : strongest;
        }
        one[strongest] = good.weights()[strongest];
        Candidate better = PIPELINE.train(data, 7, new TrainedModel(good.columns(), good.mean(), good.std(), one,
                good.bias(), good.q(), good.alpha(), good.qByLabel()));
        assertThat(better.aurocGainLowerBound()).isPositive();
        assertThat(better.beatsActive()).isTrue();
    }

    @Test
    void eachTenantIsMeasuredOnItsOwnTestRowsAndAGroupTheModelFailsIsFlagged() throws Exception {
        Candidate c = PIPELINE.train(data, 7, null);
        assertThat(c.groups()).extracting(GroupAudit.Group::group).hasSize(3);   // the generator's three tenants
        assertThat(c.groups().stream().mapToInt(GroupAudit.Group::rows).sum()).isEqualTo(c.testRows());
        for (GroupAudit.Group g : c.groups()) {
            List<Example> rows = TrainingPipeline.testSplit(data, 7).stream()
                    .filter(e -> GroupAudit.tenantOf(e).equals(g.group())).toList();
            double[] p = rows.stream().mapToDouble(e -> c.model().score(e.x())).toArray();
            int[] y = rows.stream().mapToInt(Example::label).toArray();
            assertThat(g.auroc()).isCloseTo(Metrics.auroc(p, y), within(1e-12));
        }
        // A tenant whose test labels are flipped: the model is now wrong for it, and the audit says so.
        String victim = c.groups().get(0).group();
        List<Example> test = TrainingPipeline.testSplit(data, 7).stream().map(e -> GroupAudit.tenantOf(e).equals(victim)
                ? new Example(e.key(), e.x(), 1 - e.label(), e.weight()) : e).toList();
        List<GroupAudit.Group> audit = GroupAudit.audit(c.model(), test);
        GroupAudit.Group flipped = audit.stream().filter(g -> g.group().equals(victim)).findFirst().orElseThrow();
        assertThat(flipped.flags()).anyMatch(f -> f.startsWith("AUROC"));
        assertThat(audit.stream().filter(g -> !g.group().equals(victim))).allMatch(g -> g.flags().isEmpty()
                || g.flags().stream().noneMatch(f -> f.startsWith("AUROC")));
    }

    @Test
    void eachDeclaredModelAndTaskIsMeasuredOnItsOwnRowsAndAFailedOneIsFlagged() throws Exception {
        List<SyntheticLabelledData.Item> items = new SyntheticLabelledData(11).generate(1500);
        Map<String, GroupAudit.Declared> declared = LabelledFeatures.declared(items);
        Candidate c = PIPELINE.train(data, 7, null, declared);
        List<Example> test = TrainingPipeline.testSplit(data, 7);
        for (String dimension : List.of("tenant", "model", "task")) {
            List<GroupAudit.Group> groups = c.groups().stream().filter(g -> dimension.equals(g.dimension())).toList();
            assertThat(groups).as(dimension).hasSize(3);
            assertThat(groups.stream().mapToInt(GroupAudit.Group::rows).sum()).as(dimension).isEqualTo(c.testRows());
        }
        for (GroupAudit.Group g : c.groups().stream().filter(g -> !g.isTenant()).toList()) {
            List<Example> rows = test.stream().filter(e -> g.group().equals("model".equals(g.dimension())
                    ? declared.get(e.key()).model() : declared.get(e.key()).task())).toList();
            double[] p = rows.stream().mapToDouble(e -> c.model().score(e.x())).toArray();
            int[] y = rows.stream().mapToInt(Example::label).toArray();
            assertThat(rows).hasSize(g.rows());
            assertThat(g.auroc()).isCloseTo(Metrics.auroc(p, y), within(1e-12));
        }
        // One declared model's test labels flipped: flagged under "model", and no task or tenant has its AUROC flag.
        String victim = "claude-sonnet";
        List<Example> flippedTest = test.stream().map(e -> victim.equals(declared.get(e.key()).model())
                ? new Example(e.key(), e.x(), 1 - e.label(), e.weight()) : e).toList();
        List<GroupAudit.Group> audit = GroupAudit.audit(c.model(), flippedTest, declared);
        assertThat(audit.stream().filter(g -> "model".equals(g.dimension()) && g.group().equals(victim)).findFirst()
                .orElseThrow().flags()).anyMatch(f -> f.startsWith("AUROC"));
        assertThat(audit.stream().filter(g -> "model".equals(g.dimension()) && !g.group().equals(victim)))
                .allMatch(g -> g.flags().stream().noneMatch(f -> f.startsWith("AUROC")));
        // Nothing declared: the audit is per tenant only, as before.
        assertThat(GroupAudit.audit(c.model(), test, Map.of())).allMatch(GroupAudit.Group::isTenant);
    }

    @Test
    void theTimeOrderedHoldoutTestsOnTheLatestRowsAndShowsAChangeTheRandomSplitHides() throws Exception {
        Candidate c = PIPELINE.train(data, 7, null);
        assertThat(c.timeOrdered()).isNotNull();
        assertThat(c.timeOrdered().rows()).isEqualTo(300);   // the latest 20% of 1,500, in arrival order
        assertThat(c.timeOrdered().name()).startsWith("time-ordered holdout");
        // A stationary generator: the latest rows are like the rest.
        assertThat(c.timeOrdered().auroc()).isCloseTo(c.evaluation().auroc(), within(0.05));
        // The meaning of the label turns round in the latest 20% (a new reviewer rubric, say): the random split mixes
        // those rows with old ones and still looks fine; the time-ordered holdout shows the model fails on them.
        int cut = 1200;
        List<Example> changed = new java.util.ArrayList<>(data.subList(0, cut));
        data.subList(cut, data.size()).forEach(e -> changed.add(new Example(e.key(), e.x(), 1 - e.label(), e.weight())));
        Candidate d = PIPELINE.train(changed, 7, null);
        assertThat(d.timeOrdered().auroc()).isLessThan(0.5);
        assertThat(d.evaluation().auroc()).isGreaterThan(d.timeOrdered().auroc() + 0.2);
        assertThat(io.fractallba.hrs.registry.ModelCard.table(d)).contains("time-ordered holdout");
    }

    @Test
    void tooFewLabelsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> PIPELINE.train(data.subList(0, 50), 7, null))
                .isInstanceOf(NotEnoughDataException.class).hasMessageContaining("at least 200");
    }
}
