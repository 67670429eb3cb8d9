package io.fractallba.ensemble.model;

import io.fractallba.ml.CalibratedLinearModel;
import io.fractallba.ml.Example;
import io.fractallba.ml.Metrics;
import io.fractallba.ml.SeededSplit;
import io.fractallba.ml.TrainedModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trains the micro-vote classifier on labelled decisions with the suite's one model recipe ({@link
 * CalibratedLinearModel}): a seeded hash of the key splits 60% train, 20% calibration, 20% test; the test AUROC is
 * reported next to the risk score's own AUROC on the same rows (the baseline the micro-vote must add to).
 */
public final class MicroVoteTrainer {

    /** The trained model and its held-out measures. */
    public record Trained(TrainedModel model, int examples, int testRows, double auroc, double baselineAuroc) {
    }

    /** Too few labels, or a class missing from a split. */
    public static final class NotEnoughLabels extends Exception {
        public NotEnoughLabels(String message) {
            super(message);
        }
    }

    private MicroVoteTrainer() {
    }

    public static Trained train(List<Example> examples, long seed, int minExamples) throws NotEnoughLabels {
        if (examples.size() < minExamples) {
            throw new NotEnoughLabels("need at least " + minExamples + " labelled decisions, have " + examples.size());
        }
        List<Example> train = new ArrayList<>();
        List<Example> calib = new ArrayList<>();
        List<Example> test = new ArrayList<>();
        for (Example e : examples) {
            double u = SeededSplit.unit(seed, e.key());
            (u < 0.6 ? train : u < 0.8 ? calib : test).add(e);
        }
        for (List<Example> split : List.of(train, calib, test)) {
            long pos = split.stream().filter(e -> e.label() == 1).count();
            if (pos < 5 || split.size() - pos < 5) {
                throw new NotEnoughLabels("each split needs at least 5 labels of each class");
            }
        }
        boolean[] all = new boolean[Signals.FEATURE_NAMES.size()];
        Arrays.fill(all, true);
        TrainedModel m = CalibratedLinearModel.fit(Signals.FEATURE_NAMES, train, calib, all, 0.01, 0.1);
        int[] y = test.stream().mapToInt(Example::label).toArray();
        double[] p = test.stream().mapToDouble(e -> m.score(e.x())).toArray();
        double[] risk = test.stream().mapToDouble(e -> Double.isNaN(e.x()[4]) ? 0.5 : e.x()[4]).toArray();
        return new Trained(m, examples.size(), test.size(), Metrics.auroc(p, y), Metrics.auroc(risk, y));
    }
}
