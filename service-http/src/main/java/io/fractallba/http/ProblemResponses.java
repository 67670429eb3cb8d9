package io.fractallba.http;

import io.fractallba.pcs.problem.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.sql.SQLException;

/**
 * The services' one mapping of errors to RFC 9457 problem+json (the verifier's answers follow the same shapes):
 * an {@link ApiProblem} as given, a JAX-RS client error with its status, a database failure as 503 with
 * {@code Retry-After}, anything else as a 500 that never echoes internals. Each service registers a one-line
 * {@code ExceptionMapper} naming its store.
 */
public final class ProblemResponses {

    private static final Logger LOG = Logger.getLogger(ProblemResponses.class);

    private ProblemResponses() {
    }

    /** @param store what the service's database holds, e.g. "audit" (appears in the 503's title and detail). */
    public static Response of(Throwable error, String store) {
        Problem p;
        if (error instanceof ApiProblem ap) {
            p = ap.problem();
        } else if (error instanceof WebApplicationException wae && wae.getResponse().getStatus() < 500) {
            int status = wae.getResponse().getStatus();
            Response.Status s = Response.Status.fromStatusCode(status);
            p = Problem.forHttpStatus(status, s == null ? null : s.getReasonPhrase(), wae.getMessage());
        } else if (error instanceof SQLException || error.getCause() instanceof SQLException) {
            LOG.warnf("database unavailable while serving a request: %s", error.toString());
            String title = Character.toUpperCase(store.charAt(0)) + store.substring(1) + " store unavailable";
            p = Problem.of("store-unavailable", title, 503, "the " + store + " database is unavailable; retry later");
            return Response.status(503).header("Retry-After", "2").type(Problem.MEDIA_TYPE).entity(p).build();
        } else {
            LOG.error("unexpected error while serving a request", error);
            p = Problem.of("internal-error", "Internal error", 500, "the request could not be processed");
        }
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
