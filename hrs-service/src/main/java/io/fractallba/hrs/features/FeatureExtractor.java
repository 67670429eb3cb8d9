package io.fractallba.hrs.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.canonical.PyFloat;
import io.fractallba.pcs.decision.DHatEstimator;
import io.fractallba.pcs.decision.Policy;
import io.fractallba.pcs.decision.SignalFormulas;
import io.fractallba.pcs.model.Pcs;

import java.io.IOException;
import java.util.List;

/**
 * Features of one submission (schema {@value FeatureSchema#VERSION}): the signed signals (D̂, coh★, r), integrity
 * checks of the submission against itself (D̂ recomputed from N_j with pcs-core's own estimator, the budget and the
 * regime against the contract's formulas of the signed signals — the constants of {@code default@1}), the N_j shape
 * and the claimed regime (both unsigned), the tenant's running statistics, and the optional unsigned
 * {@code agent_features} block an agent may add to its PCS (docs/hrs.md). A value the submission lacks is NaN and
 * flagged by its indicator; an agent feature of the wrong type is treated as missing.
 */
public final class FeatureExtractor {

    private final ObjectMapper mapper;

    public FeatureExtractor(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The signals the tenant baseline follows, in its order. */
    public static double[] baselineSignals(Pcs pcs) {
        return new double[]{pcs.dHat(), pcs.cohStar(), pcs.r()};
    }

    public double[] extract(Pcs pcs, byte[] rawPcs, TenantBaseline baseline) {
        double[] v = new double[FeatureSchema.FEATURES.size()];
        v[0] = pcs.dHat();
        v[1] = pcs.cohStar();
        v[2] = pcs.r();
        v[3] = budgetDelta(pcs);
        DHatEstimator.Estimate recomputed = DHatEstimator.estimate(pcs.scales(), pcs.nj());
        v[4] = recomputed.ok() ? Math.abs(recomputed.value() - pcs.dHat()) : Double.NaN;
        v[5] = regimeMismatch(pcs) ? 1 : 0;
        v[6] = "sticky".equals(pcs.regime()) ? 1 : 0;
        v[7] = "non_sticky".equals(pcs.regime()) ? 1 : 0;
        v[8] = residualRms(pcs.scales(), pcs);
        v[9] = pcs.scales().size();
        double[] z = baseline == null ? new double[]{Double.NaN, Double.NaN, Double.NaN}
                : baseline.deviations(baselineSignals(pcs));
        v[10] = z[0];
        v[11] = z[1];
        v[12] = z[2];
        JsonNode agent = agentFeatures(rawPcs);
        v[13] = finite(agent, "logprob_mean");
        double tokens = finite(agent, "response_tokens");
        v[14] = Double.isNaN(tokens) || tokens < 0 ? Double.NaN : Math.log1p(tokens);
        return FeatureSchema.vector(v);
    }

    /** |signed budget − the budget formula of the signed signals|, both rounded to 9 places as the contract compares them. */
    static double budgetDelta(Pcs pcs) {
        return budgetDelta(pcs.dHat(), pcs.cohStar(), pcs.r(), pcs.budget());
    }

    /** {@link #budgetDelta(Pcs)} from the values themselves (also how a stored v1 vector is upgraded). */
    static double budgetDelta(double dHat, double cohStar, double r, double budget) {
        double formula = SignalFormulas.budget(dHat, cohStar, r, Policy.DEFAULT_V1);
        return Math.abs(PyFloat.round9(budget) - formula);
    }

    /** Whether the claimed regime differs from the one the signed D̂ and coh★ give. */
    static boolean regimeMismatch(Pcs pcs) {
        return regimeMismatch(pcs.dHat(), pcs.cohStar(), pcs.regime());
    }

    /** {@link #regimeMismatch(Pcs)} from the values themselves (also how a stored v1 vector is upgraded). */
    static boolean regimeMismatch(double dHat, double cohStar, String regime) {
        String expected = SignalFormulas.regime(PyFloat.round9(dHat), PyFloat.round9(cohStar), Policy.DEFAULT_V1).wireName();
        return !expected.equals(regime);
    }

    /**
     * A vector stored under {@value FeatureSchema#V1} rewritten as today's schema, or null for a vector of any other
     * schema (or of the wrong width). v1 kept the signed D̂, coh★, r and the signed budget, and the claimed regime
     * one-hot (sticky, non_sticky; neither = mixed, the only other regime the verifier accepts), so budget_delta and
     * regime_mismatch are computed exactly as {@link #extract} computes them; every other column is carried over
     * (the tenant z-scores as they were when the submission arrived).
     */
    public static double[] upgrade(String schemaVersion, double[] stored) {
        if (FeatureSchema.VERSION.equals(schemaVersion)) {
            return stored;
        }
        if (!FeatureSchema.V1.equals(schemaVersion) || stored.length != FeatureSchema.V1_WIDTH) {
            return null;
        }
        double dHat = stored[0];
        double cohStar = stored[1];
        double r = stored[2];
        String regime = stored[5] == 1 ? "sticky" : stored[6] == 1 ? "non_sticky" : "mixed";
        double[] v = new double[FeatureSchema.FEATURES.size()];
        v[0] = dHat;
        v[1] = cohStar;
        v[2] = r;
        v[3] = budgetDelta(dHat, cohStar, r, stored[3]);
        v[4] = stored[4];
        v[5] = regimeMismatch(dHat, cohStar, regime) ? 1 : 0;
        System.arraycopy(stored, 5, v, 6, 9);   // regime one-hot, N_j shape, scales, tenant z-scores, declared features
        return FeatureSchema.vector(v);
    }

    private static double residualRms(List<Long> scales, Pcs pcs) {
        int n = scales.size();
        if (n < 3) {
            return Double.NaN;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            Long c = pcs.nj().get(Long.toString(scales.get(i)));
            if (c == null || c <= 0 || scales.get(i) <= 0) {
                return Double.NaN;
            }
            x[i] = Math.log(scales.get(i)) / Math.log(2);
            y[i] = Math.log(c) / Math.log(2);
        }
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i] / n;
            my += y[i] / n;
        }
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        if (sxx == 0) {
            return Double.NaN;
        }
        double slope = sxy / sxx;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double e = y[i] - (my + slope * (x[i] - mx));
            ss += e * e;
        }
        return Math.sqrt(ss / n);
    }

    private JsonNode agentFeatures(byte[] rawPcs) {
        if (rawPcs == null) {
            return null;
        }
        try {
            JsonNode block = mapper.readTree(rawPcs).get("agent_features");
            return block != null && block.isObject() ? block : null;
        } catch (IOException e) {
            return null; // the verifier parsed this body strictly already; nothing agent-supplied to read
        }
    }

    private static double finite(JsonNode block, String name) {
        JsonNode n = block == null ? null : block.get(name);
        if (n == null || !n.isNumber()) {
            return Double.NaN;
        }
        double d = n.asDouble();
        return Double.isFinite(d) ? d : Double.NaN;
    }
}
