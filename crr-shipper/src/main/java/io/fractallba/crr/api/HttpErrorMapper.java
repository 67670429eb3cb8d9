package io.fractallba.crr.api;

import io.fractallba.http.ProblemResponses;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Every error answers RFC 9457 problem+json, the suite's one mapping ({@link ProblemResponses}). */
@Provider
public class HttpErrorMapper implements ExceptionMapper<Throwable> {

    @Override
    public Response toResponse(Throwable error) {
        return ProblemResponses.of(error, "crr");
    }
}
