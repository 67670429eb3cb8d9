package io.fractallba.security;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/** What a verified token may vouch for (docs/security.md). */
@ConfigMapping(prefix = "flk.security.tokens")
public interface TokenConfig {

    /**
     * The tenants this deployment serves. When set, a request naming any other tenant is a 404 {@code unknown-tenant}
     * in every service, whatever its token says, before any store is asked. Unset: a token's {@code tenants} claim
     * alone bounds what a caller can name.
     */
    Optional<List<String>> tenants();

    /**
     * Roles each signing key may grant, as {@code kid=role} entries ({@code kid=role+role} for several), e.g.
     * {@code crr-us=replicator,verifier-eu=service}: a token signed by a listed key keeps only those of its roles. A
     * service's own client key is listed with the one role it needs, so a stolen service key cannot mint operator
     * tokens. Keys not listed are unrestricted (the deployment's issuer key).
     */
    Optional<List<String>> keyRoles();
}
