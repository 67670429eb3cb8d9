package io.fractallba.policy;

import io.fractallba.pcs.decision.Outcome;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.policy.pii.PiiKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The policy members about what a PCS carries beyond its signals: {@code pii} (mode and kinds) and {@code vrf}
 * (required), their compile-time checks, and how {@code pii.kinds} and {@code vrf.result} reach the rules.
 */
class AttachmentRulesTest {

    private static final PolicyCompiler COMPILER = new PolicyCompiler();
    private static Pcs accepted;

    @BeforeAll
    static void golden() throws Exception {
        accepted = BuiltInPolicyTest.goldenCases().get(0);   // accept-mixed
    }

    private static CompiledPolicy compile(String json) throws PolicyValidationException {
        return COMPILER.compile(PolicyDocuments.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<PolicyProblem> problems(String json) {
        return catchThrowableOfType(PolicyValidationException.class, () -> compile(json)).problems();
    }

    @Test
    void piiModeAndKindsAreCheckedAtUpload() {
        List<PolicyProblem> p = problems("""
                {"name": "p", "version": 1, "pii": {"mode": "scrub", "kinds": ["email", "emails", "email"]},
                 "vrf": {}, "rules": [], "default": {"outcome": "accept"}}
                """);
        assertThat(p).extracting(PolicyProblem::field)
                .containsExactly("pii.mode", "pii.kinds[1]", "pii.kinds[2]", "vrf.required");
        assertThat(p.get(0).message()).contains("off, detect, block, redact");
        assertThat(p.get(1).message()).contains("unknown PII kind 'emails'", "payment_card", "national_id");
        assertThat(p.get(2).message()).contains("listed twice");

        assertThat(problems("""
                {"name": "p", "version": 1, "pii": {"mode": "detect", "kinds": []}, "rules": [],
                 "default": {"outcome": "accept"}}
                """)).extracting(PolicyProblem::field).containsExactly("pii.kinds");
        assertThat(problems("""
                {"name": "p", "version": 1, "pii": {"mode": "detect", "typo": 1}, "rules": [],
                 "default": {"outcome": "accept"}}
                """)).extracting(PolicyProblem::field).containsExactly("typo");
        // A rule reading the findings is type-checked like any other: pii.kinds is a list of strings.
        assertThat(problems("""
                {"name": "p", "version": 1, "rules": [{"name": "r", "when": "pii.kinds > 1", "outcome": "escalate",
                 "reason": "x_y"}], "default": {"outcome": "accept"}}
                """)).extracting(PolicyProblem::rule).containsExactly("r");
    }

    @Test
    void compiledPiiSettings() throws Exception {
        CompiledPolicy all = compile("""
                {"name": "p", "version": 1, "pii": {"mode": "redact"}, "rules": [], "default": {"outcome": "accept"}}
                """);
        assertThat(all.pii().mode()).isEqualTo(PiiMode.REDACT);
        assertThat(all.pii().kinds()).containsExactlyInAnyOrder(PiiKind.values());
        CompiledPolicy some = compile("""
                {"name": "p", "version": 1, "pii": {"mode": "block", "kinds": ["secret", "payment_card"]},
                 "rules": [], "default": {"outcome": "accept"}}
                """);
        assertThat(some.pii().kinds()).containsExactlyInAnyOrder(PiiKind.SECRET, PiiKind.PAYMENT_CARD);
        assertThat(some.pii().screen("{\"text\":\"mail a@example.com\"}".getBytes(StandardCharsets.UTF_8)).found())
                .isFalse();   // e-mail is not a kind this policy screens
        CompiledPolicy off = compile("""
                {"name": "p", "version": 1, "pii": {"mode": "off"}, "rules": [], "default": {"outcome": "accept"}}
                """);
        assertThat(off.pii().screens()).isFalse();
        assertThat(off.pii().screen("{}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(BuiltInPolicy.compile(COMPILER).pii().screens()).isFalse();
        assertThat(BuiltInPolicy.compile(COMPILER).vrfRequired()).isFalse();
    }

    @Test
    void rulesReadTheFindings() throws Exception {
        CompiledPolicy p = compile("""
                {"name": "p", "version": 1, "pii": {"mode": "detect"},
                 "rules": [{"name": "no-secrets", "when": "'secret' in pii.kinds", "outcome": "reject",
                            "reason": "secret_attached"},
                           {"name": "unproven-seed", "when": "vrf.result != 'valid'", "outcome": "escalate",
                            "reason": "seed_not_proven"}],
                 "default": {"outcome": "accept"}}
                """);
        Outcome secret = p.evaluate(accepted, "t", new Attachments(List.of("email", "secret"), "valid")).outcome();
        assertThat(secret.accepted()).isFalse();
        assertThat(secret.reasonCode()).isEqualTo("secret_attached");
        assertThat(p.evaluate(accepted, "t", new Attachments(List.of("email"), "not_checked")).outcome()
                .reasonCode()).isEqualTo("seed_not_proven");
        assertThat(p.evaluate(accepted, "t", new Attachments(List.of(), "valid")).outcome().httpStatus())
                .isEqualTo(200);
    }

    @Test
    void requiredVrfRejectsEveryResultButValidBeforeAnyRule() throws Exception {
        CompiledPolicy p = compile("""
                {"name": "p", "version": 1, "vrf": {"required": true},
                 "rules": [{"name": "always", "when": "pcs.epoch >= 0", "outcome": "accept"}],
                 "default": {"outcome": "escalate", "reason": "negative_epoch"}}
                """);
        assertThat(p.vrfRequired()).isTrue();
        assertThat(p.evaluate(accepted, "t", new Attachments(List.of(), "valid")).rule()).isEqualTo("always");
        for (String result : List.of("proof_missing", "proof_malformed", "proof_invalid", "seed_missing",
                "seed_mismatch", "key_missing", "not_checked")) {
            CompiledPolicy.Evaluation e = p.evaluate(accepted, "t", new Attachments(List.of(), result));
            assertThat(e.rule()).isEqualTo(CompiledPolicy.VRF);
            assertThat(e.outcome().accepted()).isFalse();
            assertThat(e.outcome().reasonCode()).isEqualTo("vrf_" + result);
            assertThat(e.outcome().policyId()).isEqualTo("p@1");
        }
        // Without the requirement a missing proof decides nothing by itself.
        CompiledPolicy optional = compile("""
                {"name": "p", "version": 2, "vrf": {"required": false}, "rules": [], "default": {"outcome": "accept"}}
                """);
        assertThat(optional.evaluate(accepted, "t", new Attachments(List.of(), "proof_missing")).outcome()
                .httpStatus()).isEqualTo(200);
    }
}
