package io.fractallba.pcs.token;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Signs the suite's bearer tokens (RS256 JWTs: {@code iss}, {@code sub}, {@code iat}, {@code exp}, {@code jti},
 * {@code groups} = roles, {@code tenants}). The services verify them with SmallRye JWT against the issuer's public
 * JWKS; the {@code kid} header picks the key, so a new key can be added to the set before the old one is retired.
 * Used by {@code pcs token}, by services calling each other with their own credential, and by tests.
 */
public final class TokenIssuer {

    /** Longest lifetime this issuer signs; the services refuse longer-lived tokens too (docs/security.md). */
    public static final Duration MAX_TTL = Duration.ofHours(1);

    private final RsaJsonWebKey key;
    private final String issuer;
    private final Clock clock;

    private TokenIssuer(RsaJsonWebKey key, String issuer, Clock clock) {
        if (key.getPrivateKey() == null) {
            throw new IllegalArgumentException("the issuer key has no private part (a public JWKS cannot sign)");
        }
        if (key.getKeyId() == null || key.getKeyId().isBlank()) {
            throw new IllegalArgumentException("the issuer key has no 'kid': services pick the verification key by it");
        }
        this.key = key;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** An issuer from a private RSA JWK (the JSON {@link #generate} writes). */
    public static TokenIssuer fromJwk(String privateJwkJson, String issuer) {
        try {
            PublicJsonWebKey k = PublicJsonWebKey.Factory.newPublicJwk(privateJwkJson);
            if (!(k instanceof RsaJsonWebKey rsa)) {
                throw new IllegalArgumentException("the issuer key must be an RSA JWK (kty RSA), not " + k.getKeyType());
            }
            return new TokenIssuer(rsa, issuer, Clock.systemUTC());
        } catch (JoseException e) {
            throw new IllegalArgumentException("not a private JWK: " + e.getMessage(), e);
        }
    }

    /** An issuer from a private JWK file; read each time it is called so a rotated key file takes effect. */
    public static TokenIssuer fromFile(Path privateJwk, String issuer) throws IOException {
        return fromJwk(Files.readString(privateJwk, StandardCharsets.UTF_8), issuer);
    }

    /** A new RSA-2048 key pair: the private JWK (keep secret) and the public JWKS (give to every service). */
    public static KeyPairJson generate(String kid) {
        try {
            RsaJsonWebKey k = RsaJwkGenerator.generateJwk(2048);
            k.setKeyId(kid);
            k.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            k.setUse("sig");
            return new KeyPairJson(k.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE),
                    new JsonWebKeySet(k).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        } catch (JoseException e) {
            throw new IllegalStateException("RSA key generation failed", e);
        }
    }

    /** The public JWKS of this issuer's key alone. */
    public String publicJwks() {
        return new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    public String keyId() {
        return key.getKeyId();
    }

    /**
     * A signed token for {@code subject} with {@code roles} over {@code tenants} ({@code *} for all), valid for
     * {@code ttl} (at most {@link #MAX_TTL}).
     */
    public String issue(String subject, Collection<String> roles, Collection<String> tenants, Duration ttl) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a token needs a subject (who it is for)");
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("token lifetime must be in (0, " + MAX_TTL + "], got " + ttl);
        }
        for (String r : roles) {
            if (!Roles.ALL.contains(r)) {
                throw new IllegalArgumentException("unknown role '" + r + "'; roles are " + Roles.ALL);
            }
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a token needs at least one role; roles are " + Roles.ALL);
        }
        long now = clock.instant().getEpochSecond();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(subject);
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setExpirationTime(NumericDate.fromSeconds(now + ttl.toSeconds()));
        claims.setGeneratedJwtId();
        claims.setStringListClaim("groups", new ArrayList<>(new TreeSet<>(roles)));
        claims.setStringListClaim("tenants", new ArrayList<>(new TreeSet<>(tenants)));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("signing the token failed", e);
        }
    }

    public String issue(String subject, Set<String> roles, List<String> tenants) {
        return issue(subject, roles, tenants, Duration.ofMinutes(15));
    }

    /** A generated key pair as JSON. */
    public record KeyPairJson(String privateJwk, String publicJwks) {
    }
}
