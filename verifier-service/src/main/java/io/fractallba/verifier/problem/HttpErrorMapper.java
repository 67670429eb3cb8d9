package io.fractallba.verifier.problem;

import io.fractallba.http.ApiProblem;
import io.fractallba.verifier.policy.PolicyUnavailableException;

import io.fractallba.http.ClientAborts;
import io.fractallba.pcs.problem.Problem;
import io.fractallba.verifier.submit.Problems;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * Errors raised by the HTTP layer itself (unknown path, wrong method or media type) and anything unexpected also
 * answer RFC 9457 problem+json, so clients see one error format. Unexpected errors never echo internals.
 */
@Provider
public class HttpErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(HttpErrorMapper.class);

    private final Problems problems;

    public HttpErrorMapper(Problems problems) {
        this.problems = problems;
    }

    @Override
    public Response toResponse(Throwable error) {
        Problem p;
        if (error instanceof ApiProblem ap) {
            return Response.status(ap.problem().status()).type(Problem.MEDIA_TYPE).entity(problems.json(ap.problem()))
                    .build();
        }
        if (error instanceof PolicyUnavailableException pu) {
            return Response.status(503).header("Retry-After", "2").type(Problem.MEDIA_TYPE)
                    .entity(problems.json(Problems.policyProblem(pu.getMessage()))).build();
        }
        if (error instanceof WebApplicationException wae && wae.getResponse().getStatus() < 500) {
            int status = wae.getResponse().getStatus();
            Response.Status s = Response.Status.fromStatusCode(status);
            p = Problem.forHttpStatus(status, s == null ? null : s.getReasonPhrase(), wae.getMessage());
        } else if (ClientAborts.handled(error)) {
            p = ClientAborts.PROBLEM;
        } else {
            LOG.error("unexpected error while serving a request", error);
            p = Problem.of("internal-error", "Internal error", 500, "the request could not be processed; nothing was acknowledged");
        }
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(problems.json(p)).build();
    }
}
