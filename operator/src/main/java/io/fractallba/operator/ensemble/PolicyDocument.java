package io.fractallba.operator.ensemble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fractallba.operator.crd.EnsemblePolicySpec;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The policy document the ensemble-service takes (its JSON field names), from a resource's spec; and the comparison
 * that makes reconciling idempotent: a spec whose document equals the tenant's current policy publishes nothing.
 */
public final class PolicyDocument {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyDocument() {
    }

    public static ObjectNode of(EnsemblePolicySpec s) {
        ObjectNode p = JSON.createObjectNode();
        p.put("n", s.getN());
        s.getChecks().forEach(c -> p.withArray("checks").add(c.name()));
        if (s.getWeights() != null && !s.getWeights().isEmpty()) {
            s.getWeights().forEach((k, v) -> p.with("weights").put(k, v));
        }
        if (s.getTimeoutMs() != null && !s.getTimeoutMs().isEmpty()) {
            s.getTimeoutMs().forEach((k, v) -> p.with("timeout_ms").put(k, v));
        }
        p.put("fail_mode", s.getFailMode() == null ? "closed" : s.getFailMode().name());
        p.put("min_confidence", s.getMinConfidence());
        p.put("risk_accept_max", s.getRiskAcceptMax());
        p.put("risk_reject_min", s.getRiskRejectMin());
        p.put("grounding_accept", s.getGroundingAccept());
        p.put("grounding_reject", s.getGroundingReject());
        p.put("bandit", s.isBandit());
        p.put("adaptive", s.isAdaptive());
        p.put("measured_weights", s.isMeasuredWeights());
        return p;
    }

    /**
     * Whether two policy documents say the same: numbers compared by value (1 and 1.0 agree), absent, null, false-y
     * empty maps and {@code false} booleans treated alike (the service stores a policy without measured weights with
     * {@code measured_weights} null).
     */
    public static boolean same(JsonNode a, JsonNode b) {
        return canonical(a).equals(canonical(b));
    }

    private static Object canonical(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isNumber()) {
            BigDecimal d = n.decimalValue().stripTrailingZeros();
            return d.signum() == 0 ? BigDecimal.ZERO : d;
        }
        if (n.isBoolean()) {
            return n.booleanValue() ? Boolean.TRUE : null;
        }
        if (n.isArray()) {
            java.util.List<Object> out = new java.util.ArrayList<>();
            n.forEach(e -> out.add(canonical(e)));
            return out.isEmpty() ? null : out;
        }
        if (n.isObject()) {
            Map<String, Object> out = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Object v = canonical(e.getValue());
                if (v != null) {
                    out.put(e.getKey(), v);
                }
            }
            return out.isEmpty() ? null : out;
        }
        return n.asText();
    }
}
