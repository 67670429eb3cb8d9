package io.fractallba.verifier.replication;

import jakarta.annotation.security.RolesAllowed;
import io.fractallba.pcs.token.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.crypto.Hashes;
import io.fractallba.pcs.problem.Problem;
import io.fractallba.verifier.config.VerifierConfig;
import io.fractallba.verifier.dedup.DedupUnavailableException;
import io.fractallba.verifier.submit.Problems;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/replication/apply}: the receiving end of cross-region replication (docs/crr.md). Body
 * {@code {"events":[<pcs.verified envelope>, ...]}}, a bearer token with the replicator role (docs/security.md),
 * {@code X-Content-SHA256: <hex of the body>}. Answers each record's {@link ApplyResult} once all are durable here.
 */
@Path("/v1/replication")
public class ReplicationResource {

    private final ReplicationApplier applier;
    private final VerifierConfig config;
    private final ObjectMapper mapper;
    private final Problems problems;

    public ReplicationResource(ReplicationApplier applier, VerifierConfig config, ObjectMapper mapper, Problems problems) {
        this.applier = applier;
        this.config = config;
        this.mapper = mapper;
        this.problems = problems;
    }

    @POST
    @Path("/apply")
    @RolesAllowed(Roles.REPLICATOR)
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Blocking
    @Operation(summary = "Apply records shipped by a peer region's crr-shipper",
            description = "First write wins per (tenant, pcs_id); signatures are checked again with this region's keys; "
                    + "answers after this region's events are acknowledged by its broker.")
    public Response apply(byte[] body, @HeaderParam("X-Content-SHA256") String checksum) {
        if (!config.replication().enabled()) {
            return problem(Problem.of("replication-disabled", "Replication not enabled", 404,
                    "this verifier accepts no replicated records (flk.verifier.replication.enabled is false)"));
        }
        byte[] raw = body == null ? new byte[0] : body;
        if (checksum == null || !Hashes.sha256Hex(raw).equalsIgnoreCase(checksum.trim())) {
            return problem(Problem.of("checksum-mismatch", "Checksum mismatch", 400,
                    "X-Content-SHA256 must be the hex SHA-256 of the body as sent; the batch was damaged or the header is missing"));
        }
        JsonNode events;
        try {
            events = mapper.readTree(raw).path("events");
        } catch (Exception e) {
            return problem(Problem.of("malformed-batch", "Malformed batch", 400, "the body is not JSON: " + e.getMessage()));
        }
        if (!events.isArray() || events.size() > config.replication().maxBatch()) {
            return problem(Problem.of("malformed-batch", "Malformed batch", 400,
                    "the body must be {\"events\":[...]} with at most " + config.replication().maxBatch() + " events"));
        }
        List<JsonNode> list = new ArrayList<>(events.size());
        events.forEach(list::add);
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isObject()) { // e.g. {"events":[null]}: a malformed batch, refused whole before any effect
                return problem(Problem.of("malformed-batch", "Malformed batch", 400,
                        "events[" + i + "] is " + list.get(i).getNodeType().toString().toLowerCase(java.util.Locale.ROOT)
                                + ", not an event object"));
            }
        }
        try {
            return Response.ok(Map.of("results", applier.apply(list)), MediaType.APPLICATION_JSON).build();
        } catch (DedupUnavailableException e) {
            return problem(Problem.of("dedup-unavailable", "Dedup store unavailable", 503,
                    "the dedup store cannot be reached; ship the batch again later"), 1);
        } catch (ReplicationApplier.PublishFailedException e) {
            return problem(Problem.of("publish-failed", "Events not acknowledged", 503,
                    e.getMessage() + "; ship the batch again, what was stored is published again"), 1);
        }
    }

    private Response problem(Problem p) {
        return problem(p, 0);
    }

    private Response problem(Problem p, int retryAfter) {
        Response.ResponseBuilder b = Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(problems.json(p));
        if (retryAfter > 0) {
            b.header("Retry-After", Integer.toString(retryAfter));
        }
        return b.build();
    }
}
