package io.fractallba.hrs.features;

import java.util.ArrayList;
import java.util.List;

/**
 * The versioned feature schema (docs/hrs.md). A vector holds every feature's value, then one 0/1 indicator per
 * optional feature saying it was missing; a missing value is stored as NaN and the model imputes its training mean
 * (0 after standardisation), so "missing" is explicit rather than a silent zero.
 */
public final class FeatureSchema {

    public static final String VERSION = "hrs-features-v2";
    /**
     * The schema before: {@code budget} (raw) where v2 has {@code budget_delta}, no {@code regime_mismatch}, the same
     * seven indicators; its vectors are upgraded when read ({@link FeatureExtractor#upgrade}).
     */
    public static final String V1 = "hrs-features-v1";
    static final int V1_WIDTH = 21;

    /** A feature, where it comes from, and whether a submission may lack it. */
    public record Feature(String name, String source, boolean optional) {
    }

    public static final List<Feature> FEATURES = List.of(
            new Feature("d_hat", "signed D̂", false),
            new Feature("coh_star", "signed coh★", false),
            new Feature("r", "signed compressibility r", false),
            new Feature("budget_delta", "|signed budget − the contract's budget formula of the signed D̂, coh★, r| "
                    + "(integrity; the budget itself is that formula plus this deviation)", false),
            new Feature("d_hat_delta", "|D̂ recomputed from N_j − signed D̂| (integrity, pcs-core estimator)", true),
            new Feature("regime_mismatch", "1 when the (unsigned) regime differs from the one the signed D̂ and coh★ "
                    + "give (integrity)", false),
            new Feature("regime_sticky", "claimed regime = sticky (one-hot, unsigned)", false),
            new Feature("regime_non_sticky", "claimed regime = non_sticky (one-hot, unsigned)", false),
            new Feature("nj_residual_rms", "RMS residual of the log2 N_j vs log2 scale least-squares fit (N_j unsigned)", true),
            new Feature("nj_scales", "number of scales (unsigned)", false),
            new Feature("d_hat_tenant_z", "(D̂ − tenant mean) / tenant sd, running statistics", true),
            new Feature("coh_star_tenant_z", "(coh★ − tenant mean) / tenant sd, running statistics", true),
            new Feature("r_tenant_z", "(r − tenant mean) / tenant sd, running statistics", true),
            new Feature("logprob_mean", "agent_features.logprob_mean (agent-supplied, unsigned)", true),
            new Feature("response_tokens_log", "ln(1 + agent_features.response_tokens) (agent-supplied, unsigned)", true));

    /** Names of every column of a vector: the features, then the missing indicators. */
    public static final List<String> COLUMNS;
    /** The integrity features: what a submission's own signals say about whether they were tampered with. */
    public static final List<String> INTEGRITY = List.of("d_hat_delta", "budget_delta", "regime_mismatch");

    /** Index in {@link #FEATURES} of each optional feature, in indicator order. */
    static final int[] OPTIONAL;

    static {
        List<String> cols = new ArrayList<>();
        List<Integer> opt = new ArrayList<>();
        for (int i = 0; i < FEATURES.size(); i++) {
            cols.add(FEATURES.get(i).name());
            if (FEATURES.get(i).optional()) {
                opt.add(i);
            }
        }
        for (int i : opt) {
            cols.add(FEATURES.get(i).name() + "_missing");
        }
        COLUMNS = List.copyOf(cols);
        OPTIONAL = opt.stream().mapToInt(Integer::intValue).toArray();
    }

    private FeatureSchema() {
    }

    public static int width() {
        return COLUMNS.size();
    }

    public static int index(String name) {
        int i = COLUMNS.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no feature " + name + " in " + VERSION);
        }
        return i;
    }

    /** Builds a vector from feature values (NaN = missing), filling the indicators. */
    public static double[] vector(double[] values) {
        if (values.length != FEATURES.size()) {
            throw new IllegalArgumentException("expected " + FEATURES.size() + " values, got " + values.length);
        }
        double[] v = new double[width()];
        System.arraycopy(values, 0, v, 0, values.length);
        for (int i = 0; i < values.length; i++) {
            if (!FEATURES.get(i).optional() && Double.isNaN(values[i])) {
                throw new IllegalArgumentException("required feature " + FEATURES.get(i).name() + " is missing");
            }
        }
        for (int k = 0; k < OPTIONAL.length; k++) {
            int i = OPTIONAL[k];
            v[FEATURES.size() + k] = Double.isNaN(values[i]) ? 1.0 : 0.0;
        }
        return v;
    }
}
