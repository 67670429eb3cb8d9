package io.fractallba.hrs.runtime;

import io.fractallba.hrs.features.DeclaredFeatures;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fractallba.hrs.features.FeatureSchema;
import io.fractallba.ml.OnnxScorer;
import io.fractallba.hrs.registry.RegisteredModel;
import io.fractallba.pcs.event.RiskScored;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models being served: the active one and, if the registry has one, a shadow. Each submission is scored by both;
 * the served score is the active model's, except for the share of keys the A/B setting routes to the shadow by a
 * stable hash of the key (the same key always gets the same model).
 */
public final class ServingModels implements AutoCloseable {

    /**
     * A served score with its interval, the model that produced it, and the shadow's score if one ran; {@code status}
     * {@code scored} or {@code no_model} (then the values say nothing, as in {@link RiskScored#noModel}), and
     * {@code synthetic} when the serving model was trained on the synthetic data set.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Served(@JsonProperty("model_version") String modelVersion,
                         @JsonProperty("score") double score,
                         @JsonProperty("interval_low") double low,
                         @JsonProperty("interval_high") double high,
                         @JsonProperty("coverage_target") double coverageTarget,
                         @JsonProperty("contributions") Map<String, Double> contributions,
                         @JsonProperty("shadow_score") Double shadowScore,
                         @JsonProperty("status") String status,
                         @JsonProperty("synthetic") boolean synthetic) {

        /** The answer when no model can score: nothing known. */
        public static Served noModel() {
            RiskScored none = RiskScored.noModel(null, null);
            return new Served(none.modelVersion(), none.score(), none.intervalLow(), none.intervalHigh(),
                    none.coverageTarget(), none.contributions(), null, none.status(), false);
        }

        public boolean scored() {
            return RiskScored.SCORED.equals(status);
        }
    }

    private final Loaded active;
    private final Loaded shadow;
    private final int abPercent;

    private record Loaded(RegisteredModel model, OnnxScorer scorer) {
    }

    public ServingModels(RegisteredModel active, RegisteredModel shadow, int abPercent) {
        this.active = new Loaded(active, new OnnxScorer(active.onnx(), FeatureSchema.width()));
        this.shadow = shadow == null ? null : new Loaded(shadow, new OnnxScorer(shadow.onnx(), FeatureSchema.width()));
        this.abPercent = abPercent;
    }

    public RegisteredModel active() {
        return active.model();
    }

    public RegisteredModel shadow() {
        return shadow == null ? null : shadow.model();
    }

    /** Scores as a tenant with the default setting is served: declared features ignored. */
    public Served[] score(List<String> keys, double[][] rows) {
        return score(keys, rows, new boolean[rows.length]);
    }

    /**
     * Scores each row as if its agent declared nothing; where {@code declaredMayRaise[i]}, also with what it declared,
     * keeping the higher of the two (docs/hrs.md, "Declared features"): a declared value never lowers a score.
     */
    public Served[] score(List<String> keys, double[][] rows, boolean[] declaredMayRaise) {
        double[][] signed = new double[rows.length][];
        boolean anyDeclared = false;
        for (int i = 0; i < rows.length; i++) {
            signed[i] = DeclaredFeatures.withoutDeclared(rows[i]);
            anyDeclared |= declaredMayRaise[i];
        }
        OnnxScorer.Scored[] a = higher(active.scorer().score(signed),
                anyDeclared ? active.scorer().score(rows) : null, declaredMayRaise);
        OnnxScorer.Scored[] s = shadow == null ? null : higher(shadow.scorer().score(signed),
                anyDeclared ? shadow.scorer().score(rows) : null, declaredMayRaise);
        Served[] out = new Served[rows.length];
        for (int i = 0; i < rows.length; i++) {
            boolean toShadow = s != null && bucket(keys.get(i)) < abPercent;
            Loaded m = toShadow ? shadow : active;
            OnnxScorer.Scored sc = toShadow ? s[i] : a[i];
            io.fractallba.ml.TrainedModel tm = m.model().model();
            out[i] = new Served(m.model().version(), sc.score(), tm.low(sc.score()), tm.high(sc.score()),
                    1 - tm.alpha(), contributions(sc.contributions()), s == null ? null : (toShadow ? a[i] : s[i]).score(),
                    RiskScored.SCORED, m.model().synthetic());
        }
        return out;
    }

    private static OnnxScorer.Scored[] higher(OnnxScorer.Scored[] signed, OnnxScorer.Scored[] declared, boolean[] may) {
        if (declared == null) {
            return signed;
        }
        OnnxScorer.Scored[] out = signed.clone();
        for (int i = 0; i < out.length; i++) {
            if (may[i] && declared[i].score() > signed[i].score()) {
                out[i] = declared[i];
            }
        }
        return out;
    }

    /** Non-zero contributions by column name, largest magnitude first. */
    private static Map<String, Double> contributions(double[] c) {
        Map<String, Double> out = new LinkedHashMap<>();
        java.util.stream.IntStream.range(0, c.length).boxed()
                .filter(j -> c[j] != 0)
                .sorted((x, y) -> Double.compare(Math.abs(c[y]), Math.abs(c[x])))
                .forEach(j -> out.put(FeatureSchema.COLUMNS.get(j), c[j]));
        return out;
    }

    /** A stable 0–99 bucket of a key. */
    static int bucket(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return Math.floorMod(((h[0] & 0xff) << 8) | (h[1] & 0xff), 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        active.scorer().close();
        if (shadow != null) {
            shadow.scorer().close();
        }
    }
}
