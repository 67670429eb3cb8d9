package io.fractallba.pcs.testing;

import io.fractallba.pcs.token.Roles;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.HeaderConfig;
import io.fractallba.pcs.token.TokenIssuer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Bearer tokens for services' tests, signed by the unit-test issuer key in this test-jar ({@code test-issuer.*}). The
 * services' test profile trusts its public JWKS (service-security's defaults); {@link #untrusted} signs with a key they
 * do not trust, with the same {@code kid}.
 */
public final class TestTokens {

    private static final TokenIssuer ISSUER = TokenIssuer.fromJwk(resource("test-issuer.private.jwk.json"),
            Roles.DEFAULT_ISSUER);
    private static final TokenIssuer UNTRUSTED = TokenIssuer.fromJwk(resource("untrusted-issuer.private.jwk.json"),
            Roles.DEFAULT_ISSUER);

    private TestTokens() {
    }

    /** {@code Bearer <token>} for {@code role} over {@code tenants}. */
    public static String bearer(String role, String... tenants) {
        return "Bearer " + ISSUER.issue("test-" + role, Set.of(role), List.of(tenants), Duration.ofMinutes(10));
    }

    public static String operator() {
        return bearer(Roles.OPERATOR, Roles.ALL_TENANTS);
    }

    public static String reader(String... tenants) {
        return bearer(Roles.TENANT_READER, tenants);
    }

    public static String untrusted(String role, String... tenants) {
        return "Bearer " + UNTRUSTED.issue("test-" + role, Set.of(role), List.of(tenants), Duration.ofMinutes(10));
    }

    /**
     * Makes every REST Assured request of the calling test carry an operator token unless it sets its own
     * {@code Authorization} (which then replaces it): for functional tests of endpoints whose access is tested
     * elsewhere.
     */
    public static void restAssuredAsOperator() {
        RestAssured.config = RestAssured.config().headerConfig(
                HeaderConfig.headerConfig().overwriteHeadersWithName("Authorization"));
        RestAssured.requestSpecification = new RequestSpecBuilder().addHeader("Authorization", operator()).build();
    }

    public static TokenIssuer issuer() {
        return ISSUER;
    }

    private static String resource(String name) {
        try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath (pcs-core's test-jar)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
