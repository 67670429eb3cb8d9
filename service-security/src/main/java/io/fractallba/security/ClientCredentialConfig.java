package io.fractallba.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The credential this service presents when it calls another service of the suite (docs/security.md). */
@ConfigMapping(prefix = "flk.security.client")
public interface ClientCredentialConfig {

    /**
     * Private JWK (RSA, with {@code kid}) this service signs its own short-lived tokens with; its public part must be
     * in the called services' issuer JWKS. Read at every renewal, so a rotated Secret takes effect without a restart.
     * Unset: calls carry no token, and protected endpoints of other services answer 401.
     */
    Optional<Path> keyFile();

    /** The subject ({@code sub}) of this service's tokens. */
    @WithDefault("${quarkus.application.name}")
    String subject();

    /** Issuer ({@code iss}) written into this service's tokens; must match the called services' mp.jwt.verify.issuer. */
    @WithDefault("fractal-lba")
    String issuer();

    /** Lifetime of each token; a new one is signed when less than a fifth of it is left. */
    @WithDefault("PT5M")
    Duration ttl();
}
