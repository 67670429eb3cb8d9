package io.fractallba.security;

import io.fractallba.pcs.problem.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Refused credentials as the suite's problem+json. Authentication is not proactive (service-security's defaults), so a
 * missing, malformed, expired or untrusted token reaches the REST layer as one of these exceptions instead of an empty
 * 401 from the HTTP layer; each service's catch-all mapper would otherwise have answered them 500.
 */
public final class SecurityProblems {

    private SecurityProblems() {
    }

    static Response unauthorized(String detail) {
        return Response.status(401).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"fractal-lba\"")
                .entity(Problem.of("unauthenticated", "Authentication required", 401, detail)).build();
    }

    /** No token, or one the service does not accept. */
    @Provider
    public static class Unauthorized implements ExceptionMapper<UnauthorizedException> {
        @Override
        public Response toResponse(UnauthorizedException e) {
            return unauthorized("send 'Authorization: Bearer <token>' with a token from this deployment's issuer "
                    + "(pcs token; docs/security.md)");
        }
    }

    /** A token that is malformed, expired, too long-lived, from another issuer or signed by an unknown key. */
    @Provider
    public static class AuthenticationFailed implements ExceptionMapper<AuthenticationFailedException> {
        @Override
        public Response toResponse(AuthenticationFailedException e) {
            return unauthorized("the bearer token was refused (malformed, expired, lifetime over one hour, wrong "
                    + "issuer or unknown signing key)");
        }
    }

    /** A valid token without a role the endpoint allows. */
    @Provider
    public static class Forbidden implements ExceptionMapper<ForbiddenException> {
        @Override
        public Response toResponse(ForbiddenException e) {
            return Response.status(403).type(Problem.MEDIA_TYPE).entity(Problem.of("forbidden-role", "Role not allowed",
                    403, "this token's roles do not include one this operation allows (docs/security.md)")).build();
        }
    }
}
