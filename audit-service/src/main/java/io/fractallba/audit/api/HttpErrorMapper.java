package io.fractallba.audit.api;

import io.fractallba.pcs.problem.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

import java.sql.SQLException;

/** Every error answers RFC 9457 problem+json (same mapping as the verifier's); internals are never echoed. */
@Provider
public class HttpErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(HttpErrorMapper.class);

    @Override
    public Response toResponse(Throwable error) {
        Problem p;
        if (error instanceof ApiProblem ap) {
            p = ap.problem();
        } else if (error instanceof WebApplicationException wae && wae.getResponse().getStatus() < 500) {
            int status = wae.getResponse().getStatus();
            Response.Status s = Response.Status.fromStatusCode(status);
            p = Problem.forHttpStatus(status, s == null ? null : s.getReasonPhrase(), wae.getMessage());
        } else if (error instanceof SQLException || error.getCause() instanceof SQLException) {
            LOG.warnf("database unavailable while serving a request: %s", error.toString());
            p = Problem.of("store-unavailable", "Audit store unavailable", 503, "the audit database is unavailable; retry later");
            return Response.status(503).header("Retry-After", "2").type(Problem.MEDIA_TYPE).entity(p).build();
        } else {
            LOG.error("unexpected error while serving a request", error);
            p = Problem.of("internal-error", "Internal error", 500, "the request could not be processed");
        }
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
