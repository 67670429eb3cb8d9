package io.fractallba.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Caps the roles of a verified token by the key that signed it ({@code flk.security.tokens.key-roles}): the JWKS holds
 * the issuer's keys and the services' own client keys, and a signature proves only which key signed, not that the key
 * was meant to grant what the token claims.
 */
@ApplicationScoped
public class KeyRoleLimits implements SecurityIdentityAugmentor {

    private final Map<String, Set<String>> allowed;

    public KeyRoleLimits(TokenConfig config) {
        this(config.keyRoles().orElse(List.of()));
    }

    /** @param entries {@code kid=role} or {@code kid=role+role}; a malformed entry or unknown role stops startup. */
    KeyRoleLimits(List<String> entries) {
        Map<String, Set<String>> m = new java.util.HashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("flk.security.tokens.key-roles: '" + entry
                        + "' is not kid=role or kid=role+role");
            }
            Set<String> roles = Set.of(entry.substring(eq + 1).trim().split("\\+"));
            for (String role : roles) {
                if (!io.fractallba.pcs.token.Roles.ALL.contains(role)) {
                    throw new IllegalArgumentException("flk.security.tokens.key-roles: unknown role '" + role + "' in '"
                            + entry + "' (roles: " + io.fractallba.pcs.token.Roles.ALL + ")");
                }
            }
            m.put(entry.substring(0, eq).trim(), roles);
        }
        this.allowed = Map.copyOf(m);
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return Uni.createFrom().item(limit(identity));
    }

    SecurityIdentity limit(SecurityIdentity identity) {
        if (allowed.isEmpty() || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return identity;
        }
        Set<String> cap = keyId(jwt).map(allowed::get).orElse(null);
        if (cap == null || cap.containsAll(identity.getRoles())) {
            return identity;
        }
        Set<String> roles = new HashSet<>(identity.getRoles());
        roles.retainAll(cap);
        return QuarkusSecurityIdentity.builder().setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials()).addAttributes(identity.getAttributes())
                .addRoles(roles).build();
    }

    /** The {@code kid} of the token's JOSE header (the signature over it was verified before this runs). */
    static Optional<String> keyId(JsonWebToken jwt) {
        String raw = jwt.getRawToken();
        if (raw == null) {
            Object claim = jwt.getClaim(Claims.raw_token.name());
            raw = claim == null ? null : claim.toString();
        }
        int dot = raw == null ? -1 : raw.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try (JsonReader r = Json.createReader(new StringReader(new String(
                Base64.getUrlDecoder().decode(raw.substring(0, dot)), StandardCharsets.UTF_8)))) {
            JsonObject header = r.readObject();
            return Optional.ofNullable(header.getString("kid", null));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
