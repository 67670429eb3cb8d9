package io.fractallba.verifier.submit;

import io.fractallba.pcs.canonical.PyFloat;
import io.fractallba.pcs.canonical.PyJsonString;
import io.fractallba.pcs.decision.Outcome;

import java.nio.charset.StandardCharsets;

/**
 * The success body of docs/contract.md §5 with its fixed field names, written once and stored, so duplicates replay the
 * exact bytes. {@code recomputed_D_hat} is 0.0 when the recompute did not run (see reason_code).
 */
public final class ResponseBodies {

    private ResponseBodies() {
    }

    /**
     * The outcome a stored response answered (the inverse of {@link #of}); the recomputed D̂ is null where the
     * contract's steps 1–2 failed, as it was when the response was made.
     */
    public static Outcome outcome(byte[] body, com.fasterxml.jackson.databind.ObjectMapper mapper) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = mapper.readTree(body);
            String code = n.hasNonNull("reason_code") ? n.get("reason_code").asText() : null;
            boolean noRecompute = io.fractallba.pcs.decision.ReasonCode.VALIDATION_FAILED.code().equals(code)
                    || io.fractallba.pcs.decision.ReasonCode.DHAT_RECOMPUTE_FAILED.code().equals(code);
            return new Outcome(n.path("accepted").asBoolean(), n.path("escalated").asBoolean(), code,
                    n.hasNonNull("reason") ? n.get("reason").asText() : null,
                    noRecompute ? null : n.path("recomputed_D_hat").asDouble(), n.path("recomputed_budget").asDouble(),
                    n.hasNonNull("expected_regime") ? n.get("expected_regime").asText() : null,
                    n.path("policy").asText());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored response is not the JSON this verifier wrote", e);
        }
    }

    public static byte[] of(Outcome o, String pcsId) {
        StringBuilder b = new StringBuilder(256);
        b.append("{\"accepted\":").append(o.accepted());
        b.append(",\"recomputed_D_hat\":");
        PyFloat.appendRepr(b, o.recomputedDHat() == null ? 0.0 : o.recomputedDHat());
        b.append(",\"recomputed_budget\":");
        PyFloat.appendRepr(b, o.recomputedBudget());
        if (o.reason() != null) {
            b.append(",\"reason\":");
            PyJsonString.append(b, o.reason());
        }
        b.append(",\"escalated\":").append(o.escalated());
        b.append(",\"pcs_id\":");
        PyJsonString.append(b, pcsId);
        if (o.reasonCode() != null) {
            b.append(",\"reason_code\":\"").append(o.reasonCode()).append('"');
        }
        if (o.expectedRegime() != null) {
            b.append(",\"expected_regime\":\"").append(o.expectedRegime()).append('"');
        }
        b.append(",\"policy\":\"").append(o.policyId()).append("\"}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
