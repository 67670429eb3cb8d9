package io.fractallba.e2e;

import io.fractallba.pcs.token.Roles;
import io.fractallba.pcs.token.TokenIssuer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The token issuer of a stack this harness runs (docs/security.md): the key pair in {@code FLK_ISSUER_DIR} when set
 * (dev/up's, so the demo talks to the stack dev/up started), else one generated for this JVM. Every service started
 * by {@link ServiceProcess} trusts its public JWKS and signs its own calls with its private key, which a real
 * deployment would not do: there each service has a key of its own (docs/security.md).
 */
public final class DevIssuer {

    private static volatile DevIssuer instance;

    private final Path dir;
    private final TokenIssuer issuer;

    private DevIssuer(Path dir) throws IOException {
        this.dir = dir;
        Path priv = dir.resolve("issuer.private.jwk.json");
        if (!Files.exists(priv)) {
            TokenIssuer.KeyPairJson kp = TokenIssuer.generate("e2e-" + Long.toHexString(System.nanoTime()));
            Files.writeString(priv, kp.privateJwk(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("jwks.json"), kp.publicJwks(), StandardCharsets.UTF_8);
        }
        this.issuer = TokenIssuer.fromFile(priv, Roles.DEFAULT_ISSUER);
    }

    public static DevIssuer get() {
        if (instance == null) {
            synchronized (DevIssuer.class) {
                if (instance == null) {
                    try {
                        String env = System.getenv("FLK_ISSUER_DIR");
                        instance = new DevIssuer(env != null && !env.isBlank() ? Path.of(env)
                                : Files.createTempDirectory("flk-issuer"));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot set up the harness's token issuer", e);
                    }
                }
            }
        }
        return instance;
    }

    /** System properties that make a service trust this issuer and sign its own calls with it. */
    public List<String> serviceProps() {
        return List.of("mp.jwt.verify.publickey.location=file:" + dir.resolve("jwks.json"),
                "flk.security.client.key-file=" + dir.resolve("issuer.private.jwk.json"));
    }

    /** A token (no "Bearer " prefix) for {@code role} over {@code tenants}, valid for ten minutes. */
    public String token(String role, String... tenants) {
        return issuer.issue("e2e-" + role, Set.of(role), List.of(tenants), Duration.ofMinutes(10));
    }

    /** {@code Bearer <token>} for an operator of every tenant: what the harness's own checks call with. */
    public String operatorBearer() {
        return "Bearer " + token(Roles.OPERATOR, Roles.ALL_TENANTS);
    }
}
