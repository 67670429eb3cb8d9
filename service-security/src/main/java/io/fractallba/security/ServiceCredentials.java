package io.fractallba.security;

import io.fractallba.pcs.token.TokenIssuer;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code Authorization} header this service sends when it calls another one: a token it signs itself with its
 * own key ({@link ClientCredentialConfig}), for the roles and tenants that call needs, renewed before it expires.
 */
@ApplicationScoped
public class ServiceCredentials {

    private record Key(Set<String> roles, List<String> tenants) {
    }

    private record Cached(String header, Instant renewAfter) {
    }

    private final ClientCredentialConfig config;
    private final Clock clock = Clock.systemUTC();
    private final ConcurrentHashMap<Key, Cached> cache = new ConcurrentHashMap<>();

    public ServiceCredentials(ClientCredentialConfig config) {
        this.config = config;
    }

    /** {@code Bearer <token>} for {@code roles} over {@code tenants}, or empty when this service has no key. */
    public Optional<String> authorization(Set<String> roles, List<String> tenants) {
        if (config.keyFile().isEmpty()) {
            return Optional.empty();
        }
        Key k = new Key(Set.copyOf(roles), List.copyOf(tenants));
        Instant now = clock.instant();
        Cached c = cache.get(k);
        if (c == null || now.isAfter(c.renewAfter())) {
            try {
                TokenIssuer issuer = TokenIssuer.fromFile(config.keyFile().get(), config.issuer());
                String token = issuer.issue(config.subject(), k.roles(), k.tenants(), config.ttl());
                c = new Cached("Bearer " + token, now.plus(config.ttl().multipliedBy(4).dividedBy(5)));
                cache.put(k, c);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read flk.security.client.key-file " + config.keyFile().get(), e);
            }
        }
        return Optional.of(c.header());
    }
}
