package io.fractallba.operator.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code flk.operator.*} (docs/operator.md has the table). */
@ConfigMapping(prefix = "flk.operator")
public interface OperatorConfig {

    /**
     * Whether the primary resources' status is patched with server-side apply (JOSDK's default, right against a real
     * API server). The fabric8 mock API server of the tests does not implement it (415): they turn it off.
     */
    @WithDefault("true")
    boolean serverSideApply();

    /**
     * The namespaces whose resources this operator reconciles. Unset (the default): only its own namespace, where its
     * Role grants it access — resources in other namespaces, which other people may be allowed to create, never reach
     * the services with the operator's all-tenant credential.
     */
    java.util.Optional<java.util.Set<String>> namespaces();
}
