package io.fractallba.policy;

import io.fractallba.pcs.decision.Outcome;
import io.fractallba.pcs.model.DeclaredUsage;
import io.fractallba.pcs.model.Pcs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Compile-time validation (each kind of mistake, with its rule and position) and the semantics of tenant rules. */
class PolicyCompilerTest {

    private static final PolicyCompiler COMPILER = new PolicyCompiler();
    private static Pcs accepted;

    @BeforeAll
    static void golden() throws Exception {
        // accept-mixed: D̂ 1.386080129, coh★ 0.4, budget 0.3, regime mixed.
        accepted = BuiltInPolicyTest.goldenCases().get(0);
        assertThat(BuiltInPolicy.compile(COMPILER).decide(accepted, "t").httpStatus()).isEqualTo(200);
    }

    private static PolicyDocument.Rule rule(String name, String when, String outcome, String reason) {
        return new PolicyDocument.Rule(name, when, outcome, reason, null);
    }

    private static PolicyDocument doc(List<PolicyDocument.Rule> rules, PolicyDocument.Decision fallback) {
        return new PolicyDocument("tenant-rules", 2, null, rules, fallback);
    }

    private static final PolicyDocument.Decision ACCEPT = new PolicyDocument.Decision("accept", null, null);

    private static List<PolicyProblem> problems(PolicyDocument d) {
        return catchThrowableOfType(PolicyValidationException.class, () -> COMPILER.compile(d)).problems();
    }

    @Test
    void unknownFieldIsReportedWithRuleAndPosition() {
        List<PolicyProblem> p = problems(doc(List.of(
                rule("ok", "pcs.d_hat > 3.0", "escalate", "high_dhat"),
                rule("typo", "pcs.coh_star > 0.9 && pcs.d_hatt > 1.0", "escalate", "x_y")), ACCEPT));
        assertThat(p).hasSize(1);
        assertThat(p.get(0).rule()).isEqualTo("typo");
        assertThat(p.get(0).field()).isEqualTo("when");
        assertThat(p.get(0).line()).isEqualTo(1);
        assertThat(p.get(0).column()).isEqualTo(23);
        assertThat(p.get(0).message()).startsWith("unknown name 'pcs.d_hatt'; declared: pcs.pcs_id");
    }

    @Test
    void typeErrorsAreReported() {
        List<PolicyProblem> p = problems(doc(List.of(
                rule("compare-string", "pcs.d_hat > 'high'", "escalate", "a_b"),
                rule("not-a-bool", "pcs.d_hat + 1.0", "escalate", "a_c"),
                rule("int-vs-double", "pcs.epoch > 1.5", "escalate", "a_d"),
                rule("dyn", "dyn(pcs.epoch > 1)", "escalate", "a_e")), ACCEPT));
        assertThat(p).extracting(PolicyProblem::rule).containsExactly("compare-string", "not-a-bool", "int-vs-double",
                "dyn");
        assertThat(p.get(3).message()).contains("must be of type bool, is dyn");
        assertThat(p.get(0).message()).contains("no matching overload");
        assertThat(p.get(1).message()).contains("must be of type bool").contains("double");
        assertThat(p.get(2).message()).contains("no matching overload");
    }

    @Test
    void syntaxErrorOnASecondLineHasThatLine() {
        List<PolicyProblem> p = problems(doc(List.of(
                rule("multi", "pcs.d_hat > 1.0 &&\n  pcs.coh_star >", "escalate", "a_b")), ACCEPT));
        assertThat(p).hasSize(1);
        assertThat(p.get(0).line()).isEqualTo(2);
        assertThat(p.get(0).column()).isGreaterThan(1);
    }

    @Test
    void messagesMustBeStrings() {
        List<PolicyProblem> p = problems(doc(List.of(new PolicyDocument.Rule("m", "pcs.d_hat > 3.0", "escalate",
                "high_dhat", "pcs.d_hat")), ACCEPT));
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("message");
            assertThat(x.message()).contains("must be of type string");
        });
    }

    @Test
    void unreachableRulesAreRefused() {
        List<PolicyProblem> never = problems(doc(List.of(rule("never", "1.0 > 2.0", "escalate", "a_b")), ACCEPT));
        assertThat(never).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("never");
            assertThat(x.message()).contains("always false");
        });

        List<PolicyProblem> shadowed = problems(doc(List.of(
                rule("catch-all", "true || pcs.d_hat > 1.0", "escalate", "a_b"),
                rule("later", "pcs.d_hat > 1.0", "reject", "a_c")), ACCEPT));
        assertThat(shadowed).extracting(PolicyProblem::rule).containsExactly("later", "default");
        assertThat(shadowed.get(0).message()).contains("'catch-all' before it always matches");

        List<PolicyProblem> same = problems(doc(List.of(
                rule("first", "pcs.d_hat > 1.0", "escalate", "a_b"),
                rule("again", "(pcs.d_hat) > 1.0", "reject", "a_c")), ACCEPT));
        assertThat(same).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("again");
            assertThat(x.message()).contains("'first' before it tests the same condition");
        });
    }

    @Test
    void aPolicyWithoutADefaultIsRefused() {
        List<PolicyProblem> p = problems(doc(List.of(rule("a", "pcs.d_hat > 3.0", "escalate", "a_b")), null));
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("default");
            assertThat(x.message()).contains("no default");
        });
    }

    @Test
    void documentMistakesAreAllReportedTogether() {
        List<PolicyProblem> p = problems(new PolicyDocument("Bad Name", 0, null, List.of(
                rule("a", "pcs.d_hat > 3.0", "block", "a_b"),
                rule("b", "pcs.d_hat > 2.0", "escalate", null),
                rule("b", "pcs.d_hat > 2.5", "reject", "validation_failed"),
                rule("c", "pcs.d_hat > 2.6", "accept", "why_not")), ACCEPT));
        assertThat(p).extracting(PolicyProblem::toString).containsExactly(
                "name: policy name must match " + PolicyCompiler.NAME.pattern(),
                "version: version must be a positive integer",
                "rule 'a' outcome: outcome must be one of accept, escalate, reject",
                "rule 'b' reason: an escalating or rejecting rule needs a reason code matching "
                        + PolicyCompiler.REASON.pattern(),
                "rule 'b' name: duplicate rule name",
                "rule 'b' reason: 'validation_failed' is the verifier's own reason code",
                "rule 'c' reason: an accepting rule has no reason code");
    }

    @Test
    void costIsBoundedAtCompileTime() {
        List<PolicyDocument.Rule> many = new ArrayList<>();
        for (int i = 0; i < 65; i++) {
            many.add(rule("r" + i, "pcs.epoch == " + i, "escalate", "a_b"));
        }
        assertThat(problems(doc(many, ACCEPT))).extracting(PolicyProblem::message)
                .containsExactly("at most 64 rules, got 65");

        String longExpr = "pcs.d_hat > 1.0" + " && pcs.d_hat > 1.0".repeat(120);
        assertThat(problems(doc(List.of(rule("long", longExpr, "escalate", "a_b")), ACCEPT)))
                .singleElement().satisfies(x -> assertThat(x.message()).contains("2048"));

        String nested = "pcs.scales.all(a, pcs.scales.exists(b, a < b))";
        assertThat(problems(doc(List.of(rule("nested", nested, "escalate", "a_b")), ACCEPT)))
                .singleElement().satisfies(x -> assertThat(x.message()).contains("comprehensions nested 2 deep"));

        String deep = "(".repeat(40) + "pcs.d_hat" + " + 1.0)".repeat(40) + " > 1.0";
        assertThat(problems(doc(List.of(rule("deep", deep, "escalate", "a_b")), ACCEPT)))
                .singleElement().satisfies(x -> assertThat(x.message()).containsIgnoringCase("depth"));
    }

    @Test
    void aTenantRuleDecidesWithItsOwnReason() throws Exception {
        CompiledPolicy p = COMPILER.compile(doc(List.of(
                new PolicyDocument.Rule("strict-for-model-x",
                        "usage.model == 'model-x' && pcs.coh_star < 0.5", "escalate", "low_coherence_for_model",
                        "'coh_star ' + repr(pcs.coh_star) + ' below 0.5 for ' + usage.model"),
                rule("tenant-b-rejects-epoch-0", "tenant == 'tenant-b' && pcs.epoch == 0", "reject", "epoch_zero")),
                ACCEPT));
        Pcs withModel = accepted.withUsage(new DeclaredUsage("model-x", "summarise", 10L, 5L, null));
        Outcome o = p.decide(withModel, "tenant-a");
        assertThat(o.accepted()).isTrue();
        assertThat(o.escalated()).isTrue();
        assertThat(o.reasonCode()).isEqualTo("low_coherence_for_model");
        assertThat(o.reason()).isEqualTo("coh_star 0.4 below 0.5 for model-x");
        assertThat(o.policyId()).isEqualTo("tenant-rules@2");
        assertThat(o.expectedRegime()).isNull();
        assertThat(p.decide(accepted, "tenant-a").httpStatus()).isEqualTo(200);
        assertThat(p.evaluate(accepted, "tenant-a").rule()).isEqualTo("default");
    }

    @Test
    void comprehensionsCompileAndDecide() throws Exception {
        CompiledPolicy p = COMPILER.compile(doc(List.of(
                rule("huge-scale", "pcs.scales.exists(s, s > 512)", "escalate", "huge_scale"),
                rule("all-counts-positive", "!pcs.nj.all(k, pcs.nj[k] > 0)", "reject", "bad_counts"),
                rule("same-again", "pcs.scales.exists(t, t > 512)", "escalate", "huge_scale_2")), ACCEPT));
        assertThat(p.ruleCount()).isEqualTo(3);   // a renamed variable is another condition as written
        assertThat(p.evaluate(accepted, "t").rule()).isEqualTo("default");
        assertThat(problems(doc(List.of(
                rule("a", "pcs.scales.exists(s, s > 512)", "escalate", "x_y"),
                rule("b", "pcs.scales.exists(s, s > 512)", "escalate", "x_z")), ACCEPT)))
                .singleElement().satisfies(x -> assertThat(x.message()).contains("tests the same condition"));
    }

    @Test
    void aRuleThatReadsTheRegimeReportsTheExpectedOne() throws Exception {
        CompiledPolicy p = COMPILER.compile(doc(List.of(
                rule("not-mixed", "recomputed.regime == 'mixed'", "escalate", "mixed_regime")), ACCEPT));
        Outcome o = p.decide(accepted, "t");
        assertThat(o.reasonCode()).isEqualTo("mixed_regime");
        assertThat(o.expectedRegime()).isEqualTo("mixed");
        assertThat(o.reason()).isEqualTo("rule 'not-mixed' matched");
    }

    @Test
    void anExpressionThatFailsAtRunTimeRejects() throws Exception {
        CompiledPolicy p = COMPILER.compile(doc(List.of(
                rule("missing-key", "pcs.nj['1000'] > 0", "escalate", "a_b")), ACCEPT));
        CompiledPolicy.Evaluation e = p.evaluate(accepted, "t");
        assertThat(e.failed()).isTrue();
        assertThat(e.rule()).isEqualTo("missing-key");
        assertThat(e.outcome().accepted()).isFalse();
        assertThat(e.outcome().reasonCode()).isEqualTo(CompiledPolicy.EVALUATION_FAILED);
    }

    @Test
    void structuralFailuresAreNotPolicy() throws Exception {
        CompiledPolicy acceptAll = COMPILER.compile(doc(List.of(), ACCEPT));
        Pcs broken = BuiltInPolicyTest.with(accepted, accepted.dHat(), accepted.cohStar(), accepted.budget(), "bogus");
        Outcome o = acceptAll.decide(broken, "t");
        assertThat(o.reasonCode()).isEqualTo("validation_failed");
        assertThat(o.policyId()).isEqualTo("tenant-rules@2");
    }

    @Test
    void documentsParseStrictly() {
        assertThatThrownBy(() -> PolicyDocuments.parse("{\"name\":\"a\",\"version\":1,\"rulez\":[]}"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(PolicyValidationException.class, e ->
                        assertThat(e.problems()).singleElement().satisfies(x -> {
                            assertThat(x.field()).isEqualTo("rulez");
                            assertThat(x.line()).isEqualTo(1);
                        }));
        for (String wrongShape : List.of("[]", "\"text\"", "{\"name\":\"a\",\"version\":1,\"rules\":[\"x\"]}",
                "{\"name\":\"a\",\"version\":\"one\"}")) {
            assertThatThrownBy(() -> PolicyDocuments.parse(wrongShape.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(PolicyValidationException.class)
                    .hasMessageNotContaining("io.fractallba").hasMessageNotContaining("java.");
        }
        assertThatThrownBy(() -> PolicyDocuments.parse("{\"name\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PolicyValidationException.class).hasMessageContaining("not a policy document");
    }
}
