package io.fractallba.security;

import io.fractallba.pcs.token.Roles;
import io.fractallba.pcs.token.TokenIssuer;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KeyRoleLimitsTest {

    private static final TokenIssuer PEER = TokenIssuer.fromJwk(TokenIssuer.generate("crr-us").privateJwk(), "fractal-lba");
    private static final TokenIssuer ISSUER = TokenIssuer.fromJwk(TokenIssuer.generate("issuer-1").privateJwk(), "fractal-lba");
    private final KeyRoleLimits limits = new KeyRoleLimits(List.of("crr-us=replicator", "verifier=service+agent"));

    @Test
    void aServiceKeyCannotGrantMoreThanItsRole() throws Exception {
        SecurityIdentity forged = identity(PEER, Set.of(Roles.OPERATOR, Roles.REPLICATOR));
        assertThat(limits.limit(forged).getRoles()).containsExactly(Roles.REPLICATOR);
        assertThat(limits.limit(identity(PEER, Set.of(Roles.OPERATOR))).getRoles()).isEmpty();
        assertThat(limits.limit(forged).getPrincipal().getName()).isEqualTo("svc");
    }

    @Test
    void theIssuerKeyAndTokensWithinTheirCapAreUnchanged() throws Exception {
        SecurityIdentity operator = identity(ISSUER, Set.of(Roles.OPERATOR));
        assertThat(limits.limit(operator)).isSameAs(operator);
        SecurityIdentity replicator = identity(PEER, Set.of(Roles.REPLICATOR));
        assertThat(limits.limit(replicator)).isSameAs(replicator);
        assertThat(KeyRoleLimits.keyId((org.eclipse.microprofile.jwt.JsonWebToken) operator.getPrincipal()))
                .contains("issuer-1");
    }

    @Test
    void aMalformedEntryOrUnknownRoleStopsStartup() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new KeyRoleLimits(List.of("crr-us")))
                .hasMessageContaining("not kid=role");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new KeyRoleLimits(List.of("crr-us=root")))
                .hasMessageContaining("unknown role 'root'");
    }

    private static SecurityIdentity identity(TokenIssuer issuer, Set<String> roles) throws Exception {
        String token = issuer.issue("svc", roles, List.of(Roles.ALL_TENANTS), Duration.ofMinutes(5));
        // The signature is SmallRye JWT's job before any augmentor runs; here only the claims matter.
        JwtContext parsed = new JwtConsumerBuilder().setSkipSignatureVerification().setSkipAllValidators()
                .build().process(token);
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new DefaultJWTCallerPrincipal(token, "JWT", parsed.getJwtClaims()))
                .addRoles(roles).build();
    }
}
