package io.fractallba.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.decision.DecisionFacts;
import io.fractallba.pcs.decision.Outcome;
import io.fractallba.pcs.decision.PcsDecider;
import io.fractallba.pcs.decision.Policy;
import io.fractallba.pcs.decision.SignalFormulas;
import io.fractallba.pcs.golden.GoldenFiles;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in policy in the language decides exactly as the contract's reference decision: every golden verify
 * vector, and a grid of signals around each tolerance edge of every well-formed vector (the whole outcome compared:
 * verdict, reason code, reason text, recomputed values, expected regime, policy id).
 */
class BuiltInPolicyTest {

    private static final JsonNode VECTORS = GoldenFiles.json("verify-vectors.json");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final CompiledPolicy BUILT_IN = BuiltInPolicy.compile(new PolicyCompiler());

    @Test
    void isNamedAsTheConstantWas() {
        assertThat(BUILT_IN.id()).isEqualTo(Policy.DEFAULT_V1.id());
    }

    @TestFactory
    List<DynamicTest> everyGoldenVector() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Pcs pcs : goldenCases()) {
            tests.add(DynamicTest.dynamicTest(pcs.pcsId().substring(0, 12), () ->
                    assertThat(BUILT_IN.decide(pcs, "t")).isEqualTo(PcsDecider.decide(pcs, Policy.DEFAULT_V1))));
        }
        assertThat(tests).hasSize(VECTORS.get("cases").size());
        return tests;
    }

    @Test
    void agreesAroundEveryToleranceEdge() throws Exception {
        Map<String, Integer> byReason = new TreeMap<>();
        for (Pcs base : goldenCases()) {
            DecisionFacts facts = DecisionFacts.of(base, Policy.DEFAULT_V1);
            if (!facts.wellFormed()) {
                continue;
            }
            double d = facts.recomputedDHat();
            double[] dHats = {d, d + 0.149999999, d - 0.149999999, d + 0.15, d - 0.15, d + 0.150000001, d + 0.3,
                    1.5, 2.6, 2.2};
            double[] cohs = {-0.000000001, 0.0, 0.69999999, 0.7, 1.0, 1.05, 1.050000001};
            double[] budgetOffsets = {0.0, 0.01, -0.01, 0.010000001, -0.010000001, 0.5};
            for (double dh : dHats) {
                for (double coh : cohs) {
                    for (double off : budgetOffsets) {
                        for (String regime : List.of("sticky", "mixed", "non_sticky")) {
                            double budget = SignalFormulas.budget(dh, coh, base.r(), Policy.DEFAULT_V1) + off;
                            Pcs p = with(base, dh, coh, budget, regime);
                            Outcome expected = PcsDecider.decide(p, Policy.DEFAULT_V1);
                            assertThat(BUILT_IN.decide(p, "t")).as("d=%s coh=%s budget=%s regime=%s", dh, coh,
                                    budget, regime).isEqualTo(expected);
                            byReason.merge(String.valueOf(expected.reasonCode()), 1, Integer::sum);
                        }
                    }
                }
            }
        }
        // The grid must reach every rule and the default many times, or the agreement says little.
        assertThat(byReason.keySet()).containsExactly("budget_deviation", "coh_star_out_of_bounds",
                "dhat_out_of_tolerance", "null", "regime_mismatch");
        assertThat(byReason.values()).allSatisfy(n -> assertThat(n).isGreaterThan(100));
    }

    static List<Pcs> goldenCases() throws Exception {
        PcsParser parser = new PcsParser();
        List<Pcs> out = new ArrayList<>();
        for (JsonNode c : VECTORS.get("cases")) {
            out.add(parser.parse(MAPPER.writeValueAsBytes(c.get("pcs"))));
        }
        return out;
    }

    static Pcs with(Pcs p, double dHat, double coh, double budget, String regime) {
        return new Pcs(p.pcsId(), p.schema(), p.version(), p.shardId(), p.epoch(), p.attempt(), p.sentAt(), p.seed(),
                p.scales(), p.nj(), coh, p.vStar(), dHat, p.r(), regime, budget, p.merkleRoot(), p.sig(), p.ft(),
                p.usage());
    }
}
