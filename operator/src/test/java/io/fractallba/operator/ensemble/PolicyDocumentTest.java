package io.fractallba.operator.ensemble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.operator.crd.EnsemblePolicySpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static EnsemblePolicySpec spec(int n) {
        EnsemblePolicySpec s = new EnsemblePolicySpec();
        s.setTenant("acme");
        s.setN(n);
        s.setChecks(List.of(EnsemblePolicySpec.Check.recompute, EnsemblePolicySpec.Check.hrs,
                EnsemblePolicySpec.Check.grounding));
        return s;
    }

    @Test
    void theDocumentUsesTheServicesFieldNamesAndDefaults() {
        JsonNode d = PolicyDocument.of(spec(2));
        assertThat(d.get("n").asInt()).isEqualTo(2);
        assertThat(d.get("checks").toString()).isEqualTo("[\"recompute\",\"hrs\",\"grounding\"]");
        assertThat(d.get("fail_mode").asText()).isEqualTo("closed");
        assertThat(d.get("risk_accept_max").asDouble()).isEqualTo(0.3);
        assertThat(d.get("risk_reject_min").asDouble()).isEqualTo(0.7);
        assertThat(d.has("weights")).isFalse();
    }

    @Test
    void theServicesStoredFormOfTheSamePolicyIsTheSameAndAnyChangeIsNot() throws Exception {
        // As the ensemble-service returns a stored policy: every field, nulls and empty maps for what was not set.
        JsonNode stored = JSON.readTree("""
                {"n":2,"checks":["recompute","hrs","grounding"],"weights":{},"timeout_ms":{},"fail_mode":"closed",
                 "min_confidence":0.5,"risk_accept_max":0.30,"risk_reject_min":0.7,"grounding_accept":0.6,
                 "grounding_reject":0.3,"bandit":false,"adaptive":false,"measured_weights":null}""");
        assertThat(PolicyDocument.same(PolicyDocument.of(spec(2)), stored)).isTrue();
        assertThat(PolicyDocument.same(PolicyDocument.of(spec(1)), stored)).isFalse();
        EnsemblePolicySpec weighted = spec(2);
        weighted.setWeights(Map.of("hrs", 2.0));
        assertThat(PolicyDocument.same(PolicyDocument.of(weighted), stored)).isFalse();
        EnsemblePolicySpec reordered = spec(2);
        reordered.setChecks(List.of(EnsemblePolicySpec.Check.recompute, EnsemblePolicySpec.Check.grounding,
                EnsemblePolicySpec.Check.hrs));
        assertThat(PolicyDocument.same(PolicyDocument.of(reordered), stored)).as("check order is kept").isFalse();
    }
}
