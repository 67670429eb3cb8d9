package io.fractallba.policy;


import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code default@1}: the contract's decision written in the policy language (resource {@code default-v1.json}), the
 * policy of every tenant that has not activated one of its own. It must decide every golden verify vector exactly as
 * {@link io.fractallba.pcs.decision.PcsDecider} does (BuiltInPolicyTest).
 */
public final class BuiltInPolicy {

    public static final String RESOURCE = "default-v1.json";

    private BuiltInPolicy() {
    }

    public static PolicyDocument document() {
        try (InputStream in = BuiltInPolicy.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return PolicyDocuments.MAPPER.readValue(in, PolicyDocument.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CompiledPolicy compile(PolicyCompiler compiler) {
        try {
            return compiler.compile(document());
        } catch (PolicyValidationException e) {
            throw new IllegalStateException("the built-in policy does not compile: " + e.getMessage(), e);
        }
    }
}
