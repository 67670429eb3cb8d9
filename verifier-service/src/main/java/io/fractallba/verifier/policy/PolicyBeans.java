package io.fractallba.verifier.policy;

import io.fractallba.policy.PolicyCompiler;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One compiler and one catalog per process (pcs-policy is plain Java): compiling is the costly part, not deciding. */
@Dependent
public class PolicyBeans {

    @Produces
    @Singleton
    PolicyCompiler compiler() {
        return new PolicyCompiler();
    }

    @Produces
    @Singleton
    PolicyCatalog catalog(PolicyCompiler compiler) {
        return new PolicyCatalog(compiler);
    }
}
