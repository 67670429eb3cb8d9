package io.fractallba.audit.api;

import jakarta.annotation.security.PermitAll;
import io.fractallba.http.ApiProblem;
import io.fractallba.audit.runtime.AuditRuntime;
import io.fractallba.audit.witness.WitnessService;
import io.fractallba.pcs.problem.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** This region as a witness of peer logs: cosigns their checkpoints after checking consistency. */
@Path("/v1/witness")
@Produces(MediaType.APPLICATION_JSON)
public class WitnessResource {

    private final AuditRuntime audit;

    public WitnessResource(AuditRuntime audit) {
        this.audit = audit;
    }

    public record AddCheckpoint(Long old_size, List<String> proof, String checkpoint) {
    }

    @GET
    @Path("/key")
    @PermitAll
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "The cosignature verifier key of this witness")
    public String key() {
        return witness().key().verifierKey();
    }

    @POST
    @Path("/add-checkpoint")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cosign a peer log's checkpoint, given a consistency proof from the last one cosigned")
    public Response add(AddCheckpoint req) throws SQLException {
        if (req == null || req.checkpoint() == null || req.old_size() == null || req.old_size() < 0) {
            throw ApiProblem.badRequest("checkpoint", "old_size (≥ 0), proof and checkpoint are required");
        }
        List<byte[]> proof = new ArrayList<>();
        try {
            for (String p : req.proof() == null ? List.<String>of() : req.proof()) {
                proof.add(Base64.getDecoder().decode(p));
            }
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("proof", "proof hashes must be base64");
        }
        try {
            return Response.ok(Map.of("cosigned_note", witness().addCheckpoint(req.old_size(), proof, req.checkpoint())))
                    .build();
        } catch (WitnessService.Refusal r) {
            Map<String, Object> body = new LinkedHashMap<>();
            Problem p = Problem.of(r.status == 409 ? "witness-size-mismatch" : "checkpoint-refused",
                    "Checkpoint not cosigned", r.status, r.getMessage());
            body.put("type", p.type());
            body.put("title", p.title());
            body.put("status", p.status());
            body.put("detail", p.detail());
            if (r.witnessSize != null) {
                body.put("witness_size", r.witnessSize);
            }
            return Response.status(r.status).type(Problem.MEDIA_TYPE).entity(body).build();
        }
    }

    private WitnessService witness() {
        return audit.witness().orElseThrow(() -> ApiProblem.notFound("this audit-service is not configured as a witness"));
    }
}
