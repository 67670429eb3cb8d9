package io.fractallba.verifier.tenant;

import io.fractallba.pcs.crypto.PcsVerifier;
import io.fractallba.pcs.crypto.SignatureAlgorithm;
import io.fractallba.verifier.config.VerifierConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Tenants and keys from configuration, validated at start-up so a bad key fails the deployment, not a request. */
@ApplicationScoped
public class TenantRegistry {

    private final Map<String, Tenant> tenants;
    private final Optional<String> defaultTenant;

    @jakarta.inject.Inject
    public TenantRegistry(VerifierConfig config) {
        this(build(config.tenants()), config.defaultTenant());
    }

    TenantRegistry(Map<String, Tenant> tenants, Optional<String> defaultTenant) {
        this.tenants = Map.copyOf(tenants);
        this.defaultTenant = defaultTenant.filter(s -> !s.isBlank());
    }

    /** The enabled tenant named by the header (or the default tenant when the header is absent and one is set). */
    public Optional<Tenant> resolve(String headerValue) {
        String id = headerValue == null || headerValue.isBlank() ? defaultTenant.orElse(null) : headerValue.trim();
        if (id == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(tenants.get(id)).filter(Tenant::enabled);
    }

    public java.util.Set<String> tenantIds() {
        return tenants.keySet();
    }

    static Map<String, Tenant> build(Map<String, VerifierConfig.Tenant> config) {
        Map<String, Tenant> out = new TreeMap<>();
        config.forEach((id, t) -> {
            List<TenantKey> keys = new ArrayList<>();
            new TreeMap<>(t.keys()).forEach((keyId, k) -> keys.add(key(id, keyId, k)));
            out.put(id, new Tenant(id, t.enabled(), t.rateLimitPerSecond(), t.dailyQuota(), t.dailyByteQuota(),
                    List.copyOf(keys), t.vrfPublicKey().map(k -> vrfKey(id, k)).orElse(null)));
        });
        return out;
    }

    private static byte[] vrfKey(String tenant, String base64) {
        String where = "flk.verifier.tenants." + tenant + ".vrf-public-key";
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " is not base64: " + e.getMessage());
        }
        if (key.length != 32) {
            throw new IllegalArgumentException(where + " must be 32 bytes (an Ed25519 public key), got " + key.length);
        }
        return key;
    }

    private static TenantKey key(String tenant, String keyId, VerifierConfig.Key k) {
        String where = "flk.verifier.tenants." + tenant + ".keys." + keyId;
        SignatureAlgorithm alg = SignatureAlgorithm.fromConfig(k.alg())
                .orElseThrow(() -> new IllegalArgumentException(where + ".alg: unknown algorithm '" + k.alg() + "'"));
        byte[] material = switch (alg) {
            case HMAC, HMAC_LEGACY -> k.secret().filter(s -> !s.isEmpty())
                    .orElseThrow(() -> new IllegalArgumentException(where + ".secret is required for " + k.alg()))
                    .getBytes(StandardCharsets.UTF_8);
            case ED25519 -> Base64.getDecoder().decode(k.publicKey()
                    .orElseThrow(() -> new IllegalArgumentException(where + ".public-key is required for ed25519")));
            case NONE -> new byte[0];
        };
        return new TenantKey(keyId, alg, PcsVerifier.of(alg, material),
                k.notBefore().map(Instant::parse).orElse(null), k.notAfter().map(Instant::parse).orElse(null),
                k.enabled());
    }
}
