package io.fractallba.hrs.training;

import io.fractallba.hrs.features.FeatureSchema;
import io.fractallba.ml.CalibratedLinearModel;
import io.fractallba.ml.ColumnScreen;
import io.fractallba.ml.Example;
import io.fractallba.ml.Metrics;
import io.fractallba.ml.SeededSplit;
import io.fractallba.ml.TrainedModel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Labelled examples in, a calibrated model with an honest evaluation out. Rows are split by a seeded hash of their
 * key into four disjoint sets ({@link Split}): the model is fitted on train (with injected tampering twins,
 * {@link TamperInjection}, after dropping constant and collinear columns, {@link ColumnScreen}), Platt-calibrated on
 * the calibration split, given its class-conditional conformal interval on the conformal split, and measured on test
 * only. Baselines — the single best feature, and response length where agents supply it — go through the same
 * fitting, calibration and interval on one column.
 */
public final class TrainingPipeline {

    /** Where a row goes: 55% train, 15% Platt calibration, 15% conformal, 15% test. */
    public enum Split { TRAIN, CALIBRATION, CONFORMAL, TEST }

    /** The split of a key under a seed. */
    public static Split split(long seed, String key) {
        double u = SeededSplit.unit(seed, key);
        return u < 0.55 ? Split.TRAIN : u < 0.70 ? Split.CALIBRATION : u < 0.85 ? Split.CONFORMAL : Split.TEST;
    }

    private final double lambda;
    private final double alpha;
    private final int minExamples;

    public TrainingPipeline(double lambda, double alpha, int minExamples) {
        this.lambda = lambda;
        this.alpha = alpha;
        this.minExamples = minExamples;
    }

    public Candidate train(List<Example> examples, long seed, TrainedModel active) throws NotEnoughDataException {
        return train(examples, seed, active, Map.of());
    }

    /** As above; {@code declared} (by example key) adds the audit per declared model and task. */
    public Candidate train(List<Example> examples, long seed, TrainedModel active,
                           Map<String, GroupAudit.Declared> declared) throws NotEnoughDataException {
        if (examples.size() < minExamples) {
            throw new NotEnoughDataException("need at least " + minExamples + " labelled submissions, have " + examples.size());
        }
        List<Example> observed = new ArrayList<>();
        List<Example> calib = new ArrayList<>();
        List<Example> conformal = new ArrayList<>();
        List<Example> test = new ArrayList<>();
        for (Example e : examples) {
            switch (split(seed, e.key())) {
                case TRAIN -> observed.add(e);
                case CALIBRATION -> calib.add(e);
                case CONFORMAL -> conformal.add(e);
                case TEST -> test.add(e);
            }
        }
        requireBothClasses("training", observed);
        requireBothClasses("calibration", calib);
        requireBothClasses("conformal", conformal);
        requireBothClasses("test", test);
        List<Example> injected = TamperInjection.twins(observed, seed);
        List<Example> train = new ArrayList<>(observed);
        train.addAll(injected);

        int width = FeatureSchema.width();
        boolean[] all = new boolean[width];
        Arrays.fill(all, true);
        ColumnScreen.Result screen = ColumnScreen.screen(FeatureSchema.COLUMNS, train, all);
        TrainedModel model = fit(train, calib, conformal, screen.use());
        Evaluation eval = evaluate("model", model, test);

        List<Evaluation> baselines = new ArrayList<>();
        int best = bestSingleFeature(observed);
        baselines.add(evaluate("single best feature: " + FeatureSchema.COLUMNS.get(best),
                fit(observed, calib, conformal, only(best)), test));
        int length = FeatureSchema.index("response_tokens_log");
        List<Example> withLength = test.stream().filter(e -> !Double.isNaN(e.x()[length])).toList();
        if (withLength.size() >= 20 && hasBothClasses(withLength)) {
            baselines.add(evaluate("response length (rows where present)", fit(observed, calib, conformal, only(length)),
                    withLength));
        }
        double[][] deciles = quantiles(observed);
        Evaluation activeEval = active == null ? null : evaluate("active model", active, test);
        Double gainLower = active == null ? null : PromotionRule.gainLowerBound(model, active, test, seed);
        double positives = examples.stream().filter(e -> e.label() == 1).count() / (double) examples.size();
        List<Candidate.DroppedColumn> dropped = screen.dropped().stream()
                .map(d -> new Candidate.DroppedColumn(d.column(), d.reason())).toList();
        return new Candidate(model, seed, dataHash(examples, seed), observed.size(), calib.size(), test.size(), positives,
                eval, baselines, activeEval, deciles, shares(observed, deciles), conformal.size(), injected.size(), dropped,
                gainLower, GroupAudit.audit(model, test, declared), timeOrderedHoldout(examples, seed));
    }

    /** Share of the examples, the latest, that the time-ordered holdout keeps for testing. */
    static final double LATEST_SHARE = 0.2;

    /**
     * The model's recipe (same columns, same splits by key, tampered twins) fitted on the earliest 80% of the
     * examples and measured on the latest 20% ({@code examples} are in arrival order): the random test split mixes
     * old and new submissions, so it cannot show a model that only holds for the traffic it was trained on. Null when
     * either part lacks a class, or the latest part has fewer than 50 rows.
     */
    Evaluation timeOrderedHoldout(List<Example> examples, long seed) {
        int cut = (int) Math.round(examples.size() * (1 - LATEST_SHARE));
        List<Example> earlier = examples.subList(0, cut);
        List<Example> latest = examples.subList(cut, examples.size());
        List<Example> train = new ArrayList<>();
        List<Example> calib = new ArrayList<>();
        List<Example> conformal = new ArrayList<>();
        for (Example e : earlier) {
            switch (split(seed, e.key())) {
                case CALIBRATION -> calib.add(e);
                case CONFORMAL -> conformal.add(e);
                default -> train.add(e); // the earlier rows' test share trains: the latest rows are the test
            }
        }
        if (latest.size() < 50 || !hasBothClasses(latest) || !hasBothClasses(train) || !hasBothClasses(calib)
                || !hasBothClasses(conformal)) {
            return null;
        }
        List<Example> withTwins = new ArrayList<>(train);
        withTwins.addAll(TamperInjection.twins(train, seed));
        // Columns screened again on these rows: the full run's screen saw the latest rows too.
        boolean[] all = new boolean[FeatureSchema.width()];
        Arrays.fill(all, true);
        boolean[] earlierUse = ColumnScreen.screen(FeatureSchema.COLUMNS, withTwins, all).use();
        return evaluate(String.format(java.util.Locale.ROOT, "time-ordered holdout (latest %d rows; fit on the %d before)",
                latest.size(), earlier.size()), fit(withTwins, calib, conformal, earlierUse), latest);
    }

    /** The test split a training run with this seed held out, from the given examples. */
    public static List<Example> testSplit(List<Example> examples, long seed) {
        return examples.stream().filter(e -> split(seed, e.key()) == Split.TEST).toList();
    }

    /**
     * Fits the columns in {@code use} (others weigh 0), Platt-calibrates on {@code calib} and sizes the interval on
     * {@code conformal}.
     */
    TrainedModel fit(List<Example> train, List<Example> calib, List<Example> conformal, boolean[] use) {
        return CalibratedLinearModel.fit(FeatureSchema.COLUMNS, train, calib, conformal, use, lambda, alpha);
    }

    public static Evaluation evaluate(String name, TrainedModel m, List<Example> rows) {
        double[] p = new double[rows.size()];
        int[] y = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            p[i] = m.score(rows.get(i).x());
            y[i] = rows.get(i).label();
        }
        return new Evaluation(name, rows.size(), Metrics.auroc(p, y), Metrics.ece(p, y, 10), Metrics.brier(p, y),
                Metrics.coverage(p, y, m.qLow(), m.qHigh()), 1 - m.alpha(), Metrics.meanWidth(p, m.qLow(), m.qHigh()),
                Metrics.classCoverage(p, y, m.qLow(), m.qHigh(), 0), Metrics.classCoverage(p, y, m.qLow(), m.qHigh(), 1));
    }

    /** The raw feature (not an indicator) that separates the training labels best, in either direction. */
    static int bestSingleFeature(List<Example> train) {
        int features = FeatureSchema.FEATURES.size();
        int[] y = train.stream().mapToInt(Example::label).toArray();
        return java.util.stream.IntStream.range(0, features).boxed().max(Comparator.comparingDouble(j -> {
            double[] v = train.stream().mapToDouble(e -> Double.isNaN(e.x()[j]) ? 0 : e.x()[j]).toArray();
            double a = Metrics.auroc(v, y);
            return Double.isNaN(a) ? 0 : Math.max(a, 1 - a);
        })).orElseThrow();
    }

    /** Per raw feature, the training deciles (10%…90%) that drift monitoring compares serving traffic against. */
    static double[][] quantiles(List<Example> train) {
        int features = FeatureSchema.FEATURES.size();
        double[][] q = new double[features][];
        for (int j = 0; j < features; j++) {
            int col = j;
            double[] v = train.stream().mapToDouble(e -> e.x()[col]).filter(d -> !Double.isNaN(d)).sorted().toArray();
            q[j] = new double[9];
            for (int k = 1; k <= 9; k++) {
                q[j][k - 1] = v.length == 0 ? Double.NaN : v[Math.min(v.length - 1, (int) Math.floor(k * v.length / 10.0))];
            }
        }
        return q;
    }

    /** Per raw feature, the share of training values in each of the 10 bins the deciles bound (drift reference). */
    static double[][] shares(List<Example> train, double[][] deciles) {
        double[][] out = new double[deciles.length][10];
        for (int j = 0; j < deciles.length; j++) {
            int n = 0;
            for (Example e : train) {
                double v = e.x()[j];
                if (!Double.isNaN(v)) {
                    out[j][bin(deciles[j], v)]++;
                    n++;
                }
            }
            for (int b = 0; b < 10; b++) {
                out[j][b] = n == 0 ? 0 : out[j][b] / n;
            }
        }
        return out;
    }

    /** The bin of a value among decile edges: the number of edges at or below it. */
    public static int bin(double[] edges, double v) {
        int b = 0;
        while (b < edges.length && v >= edges[b]) {
            b++;
        }
        return b;
    }

    private static boolean[] only(int column) {
        boolean[] use = new boolean[FeatureSchema.width()];
        use[column] = true;
        return use;
    }


    private static void requireBothClasses(String split, List<Example> rows) throws NotEnoughDataException {
        long pos = rows.stream().filter(e -> e.label() == 1).count();
        if (pos < 5 || rows.size() - pos < 5) {
            throw new NotEnoughDataException("the " + split + " split has " + pos + " positive and " + (rows.size() - pos)
                    + " negative labels; at least 5 of each are needed");
        }
    }

    private static boolean hasBothClasses(List<Example> rows) {
        long pos = rows.stream().filter(e -> e.label() == 1).count();
        return pos > 0 && pos < rows.size();
    }

    static String dataHash(List<Example> examples, long seed) {
        StringBuilder sb = new StringBuilder(FeatureSchema.VERSION).append('\n').append(seed).append('\n');
        examples.stream().sorted(Comparator.comparing(Example::key)).forEach(e -> {
            sb.append(e.key()).append('|').append(e.label()).append('|').append(e.weight());
            for (double v : e.x()) {
                sb.append('|').append(v);
            }
            sb.append('\n');
        });
        return HexFormat.of().formatHex(sha256(sb.toString()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
