package io.fractallba.hrs.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.decision.DHatEstimator;
import io.fractallba.pcs.model.Pcs;

import java.io.IOException;
import java.util.List;

/**
 * Features of one submission (schema {@value FeatureSchema#VERSION}) from what the suite can trust: the signed signals,
 * a recompute with pcs-core's own estimator, the N_j shape, the tenant's running statistics, and the optional
 * unsigned {@code agent_features} block an agent may add to its PCS (docs/hrs.md). A value the submission lacks is
 * NaN and flagged by its indicator; an agent feature of the wrong type is treated as missing.
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
        v[3] = pcs.budget();
        DHatEstimator.Estimate recomputed = DHatEstimator.estimate(pcs.scales(), pcs.nj());
        v[4] = recomputed.ok() ? Math.abs(recomputed.value() - pcs.dHat()) : Double.NaN;
        v[5] = "sticky".equals(pcs.regime()) ? 1 : 0;
        v[6] = "non_sticky".equals(pcs.regime()) ? 1 : 0;
        v[7] = residualRms(pcs.scales(), pcs);
        v[8] = pcs.scales().size();
        double[] z = baseline == null ? new double[]{Double.NaN, Double.NaN, Double.NaN}
                : baseline.deviations(baselineSignals(pcs));
        v[9] = z[0];
        v[10] = z[1];
        v[11] = z[2];
        JsonNode agent = agentFeatures(rawPcs);
        v[12] = finite(agent, "logprob_mean");
        double tokens = finite(agent, "response_tokens");
        v[13] = Double.isNaN(tokens) || tokens < 0 ? Double.NaN : Math.log1p(tokens);
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
