package io.fractallba.http;

import io.fractallba.pcs.problem.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.sql.SQLException;

/**
 * The services' one mapping of errors to RFC 9457 problem+json (the verifier's answers follow the same shapes):
 * an {@link ApiProblem} as given, a JAX-RS client error with its status, a value the database refuses (SQLSTATE class
 * 22, data exception: a NUL byte, an out-of-range number or instant; or a CHECK constraint it breaks, 23514) as 400, a unique-key race (23505) as 409, any other
 * database failure as 503 with {@code Retry-After}, anything else as a 500 that never echoes internals. Each service registers a one-line
 * {@code ExceptionMapper} naming its store.
 */
public final class ProblemResponses {

    private static final Logger LOG = Logger.getLogger(ProblemResponses.class);

    private ProblemResponses() {
    }

    /** @param store what the service's database holds, e.g. "audit" (appears in the 503's title and detail). */
    public static Response of(Throwable error, String store) {
        SQLException sql = sqlCause(error);
        String sqlState = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        Problem p;
        if (error instanceof ApiProblem ap) {
            p = ap.problem();
        } else if (ClientAborts.handled(error)) {
            p = ClientAborts.PROBLEM;
        } else if (error instanceof WebApplicationException wae && wae.getResponse().getStatus() < 500) {
            int status = wae.getResponse().getStatus();
            Response.Status s = Response.Status.fromStatusCode(status);
            p = Problem.forHttpStatus(status, s == null ? null : s.getReasonPhrase(), wae.getMessage());
        } else if (sqlState.startsWith("22") || sqlState.equals("23514")) {
            // The request carried a value the column cannot hold or a CHECK refuses: retrying it can never succeed, and
            // the database is up. Nothing of the driver's message is echoed (it quotes the value and the column).
            LOG.debugf("request value refused by the %s database: %s", store, error);
            p = Problem.of("invalid-value", "Invalid value", 400,
                    "a value of the request cannot be stored (control characters such as NUL, or a number or instant out of range)");
        } else if (sqlState.equals("23505")) {
            LOG.debugf("concurrent write in the %s database: %s", store, error);
            p = Problem.of("conflict", "Conflict", 409, "a concurrent request wrote the same record first; read it and retry");
        } else if (sql != null) {
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

    /** The first SQLException in the cause chain (drivers and Hibernate wrap it), or null. */
    private static SQLException sqlCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
