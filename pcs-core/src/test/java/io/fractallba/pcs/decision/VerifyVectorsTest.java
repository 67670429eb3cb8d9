package io.fractallba.pcs.decision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.golden.GoldenFiles;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every case of golden/verify-vectors.json through the strict parser and the decision. */
class VerifyVectorsTest {

    private static final JsonNode VECTORS = GoldenFiles.json("verify-vectors.json");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void policyConstantsMatchTheVectors() {
        JsonNode k = VECTORS.get("constants");
        Policy p = Policy.DEFAULT_V1;
        assertThat(p.tolD()).isEqualTo(k.get("tolD").asDouble());
        assertThat(p.tolCoh()).isEqualTo(k.get("tolCoh").asDouble());
        assertThat(p.alpha()).isEqualTo(k.get("alpha").asDouble());
        assertThat(p.beta()).isEqualTo(k.get("beta").asDouble());
        assertThat(p.gamma()).isEqualTo(k.get("gamma").asDouble());
        assertThat(p.base()).isEqualTo(k.get("base").asDouble());
        assertThat(p.d0()).isEqualTo(k.get("D0").asDouble());
        assertThat(p.budgetTolerance()).isEqualTo(k.get("budget_tolerance").asDouble());
        assertThat(p.stickyCohMin()).isEqualTo(k.get("sticky_coh_min").asDouble());
        assertThat(p.stickyDHatMax()).isEqualTo(k.get("sticky_dhat_max").asDouble());
        assertThat(p.nonStickyDHatMin()).isEqualTo(k.get("non_sticky_dhat_min").asDouble());
    }

    @TestFactory
    List<DynamicTest> everyCase() {
        List<DynamicTest> tests = new ArrayList<>();
        PcsParser parser = new PcsParser();
        for (JsonNode c : VECTORS.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                Pcs pcs = parser.parse(MAPPER.writeValueAsBytes(c.get("pcs")));
                Outcome o = PcsDecider.decide(pcs, Policy.DEFAULT_V1);
                JsonNode e = c.get("expect");
                assertThat(o.httpStatus()).isEqualTo(c.get("expect_status").asInt());
                assertThat(o.accepted()).isEqualTo(e.get("accepted").asBoolean());
                assertThat(o.escalated()).isEqualTo(e.get("escalated").asBoolean());
                if (e.has("reason_code")) {
                    assertThat(o.reasonCode()).isEqualTo(e.get("reason_code").asText());
                } else {
                    assertThat(o.reasonCode()).isNull();
                }
                if (e.has("recomputed_D_hat")) {
                    assertThat(o.recomputedDHat()).isEqualTo(e.get("recomputed_D_hat").asDouble());
                }
                if (e.has("recomputed_budget")) {
                    assertThat(o.recomputedBudget()).isEqualTo(e.get("recomputed_budget").asDouble());
                }
                if (e.has("expected_regime")) {
                    assertThat(o.expectedRegime()).isEqualTo(e.get("expected_regime").asText());
                }
                if (e.has("detail")) {
                    assertThat(o.reason()).contains(e.get("detail").asText());
                }
            }));
        }
        return tests;
    }
}
