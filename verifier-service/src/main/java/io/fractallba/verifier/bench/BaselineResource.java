package io.fractallba.verifier.bench;

import jakarta.annotation.security.PermitAll;
import io.fractallba.verifier.config.VerifierConfig;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.nio.charset.StandardCharsets;

/**
 * The benchmark's in-run baseline: the same JVM, HTTP stack, body reading and worker-thread hop as the submit
 * endpoint, without WAL, Redis, Kafka or verification. Off (404) unless {@code flk.verifier.bench-baseline-enabled}.
 */
@Path("/bench")
public class BaselineResource {

    private static final byte[] OK = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
    private final boolean enabled;

    public BaselineResource(VerifierConfig config) {
        this.enabled = config.benchBaselineEnabled();
    }

    @POST
    @Path("/baseline")
    @PermitAll // the benchmark baseline: no data, off unless configured
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(hidden = true)
    public Response baseline(byte[] body) {
        if (!enabled) {
            return Response.status(404).build();
        }
        return Response.ok(OK).build();
    }
}
