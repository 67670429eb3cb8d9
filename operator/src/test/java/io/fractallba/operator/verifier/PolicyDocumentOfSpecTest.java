package io.fractallba.operator.verifier;

import io.fractallba.operator.crd.VerificationPolicySpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyDocumentOfSpecTest {

    @Test
    void theDocumentIsTheVerifiersPolicyWithoutTheOperatorsFields() {
        VerificationPolicySpec s = new VerificationPolicySpec();
        s.setTenant("acme");
        s.setName("strict");
        s.setVersion(3);
        VerificationPolicySpec.Rule r = new VerificationPolicySpec.Rule();
        r.setName("weak");
        r.setWhen("pcs.coh_star < 0.5");
        r.setOutcome(VerificationPolicySpec.Outcome.escalate);
        r.setReason("low_coherence");
        s.setRules(List.of(r));
        VerificationPolicySpec.Decision d = new VerificationPolicySpec.Decision();
        d.setOutcome(VerificationPolicySpec.Outcome.accept);
        s.setDefaultDecision(d);
        assertThat(VerificationPolicyReconciler.document(s).toString()).isEqualTo(
                "{\"name\":\"strict\",\"version\":3,\"rules\":[{\"name\":\"weak\",\"when\":\"pcs.coh_star < 0.5\","
                        + "\"outcome\":\"escalate\",\"reason\":\"low_coherence\"}],\"default\":{\"outcome\":\"accept\"}}");
        s.setRules(List.of());
        assertThat(VerificationPolicyReconciler.document(s).get("rules").isArray()).isTrue();
    }
}
