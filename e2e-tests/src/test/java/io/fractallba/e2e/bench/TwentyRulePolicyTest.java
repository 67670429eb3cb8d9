package io.fractallba.e2e.bench;

import io.fractallba.policy.CompiledPolicy;
import io.fractallba.policy.PolicyCompiler;
import io.fractallba.policy.PolicyDocuments;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's 20-rule policy compiles (a comprehension in it once made the compiler fail with a 500). */
class TwentyRulePolicyTest {

    @Test
    void compilesWithTwentyRules() throws Exception {
        CompiledPolicy p = new PolicyCompiler().compile(PolicyDocuments.parse(DecisionBenchmark.twentyRules()));
        assertThat(p.id()).isEqualTo("bench-twenty@1");
        assertThat(p.ruleCount()).isEqualTo(20);
    }
}
