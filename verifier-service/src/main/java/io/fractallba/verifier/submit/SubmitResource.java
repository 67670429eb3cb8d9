package io.fractallba.verifier.submit;

import jakarta.annotation.security.PermitAll;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code POST /v1/pcs/submit}: thin HTTP adapter over {@link SubmissionService}. */
@Path("/v1/pcs")
public class SubmitResource {

    static final String GOLDEN_EXAMPLE = """
            {"pcs_id":"c50bb25a7aff94164147b73c846f0e5e10890d75df204875ca70c448f52c6edf","schema":"fractal-lba-kakeya",\
            "version":"0.1","shard_id":"test-shard-001","epoch":1,"attempt":1,"sent_at":"2025-01-19T12:00:00Z","seed":42,\
            "scales":[2,4,8,16],"N_j":{"2":5,"4":10,"8":13,"16":15},"coh_star":0.066666667,\
            "v_star":[0.6000020458127243,-0.16701530057610703,0.7823703946303298],"D_hat":0.528320834,"r":0.318421053,\
            "regime":"mixed","budget":0.317807017,\
            "merkle_root":"e966b52c992aefad3c3d0196db02554f30d10d55e8a6e5e3038f88e79e414112",\
            "sig":"x5KLRpKb75Oy1oxLA+3V+bgY/HL/3ZYOk1rw3pCiSm4=",\
            "ft":{"outbox_seq":0,"degraded":false,"fallbacks":[],"clock_skew_ms":0}}""";

    private final SubmissionService service;

    public SubmitResource(SubmissionService service) {
        this.service = service;
    }

    @POST
    @Path("/submit")
    @PermitAll // authenticated by the PCS signature (docs/contract.md §3), not by a token
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    @Blocking
    @Operation(summary = "Submit a signed PCS", description = "Verifies, decides, records and publishes a PCS "
            + "(docs/contract.md §5). 200 when accepted cleanly, 202 when escalated or rejected; duplicates replay the "
            + "first answer with Idempotent-Replayed: true.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(
            name = "golden-case-1", summary = "The agent's reference file, HMAC key 'testsecret' (default tenant)",
            value = GOLDEN_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "Accepted, not escalated")
    @APIResponse(responseCode = "202", description = "Escalated or rejected by a verification rule")
    @APIResponse(responseCode = "400", description = "Malformed JSON, wrong type or missing field (problem+json)")
    @APIResponse(responseCode = "401", description = "Unknown tenant or signature not verified (problem+json)")
    @APIResponse(responseCode = "413", description = "Body over the limit (problem+json)")
    @APIResponse(responseCode = "422", description = "The tenant's policy blocks personal data or secrets found in "
            + "what the agent attached (pii-blocked, problem+json naming kinds and paths); nothing stored")
    @APIResponse(responseCode = "429", description = "Rate limit or daily quota (problem+json, Retry-After)")
    @APIResponse(responseCode = "503", description = "WAL or dedup store unavailable (problem+json, Retry-After)")
    public Response submit(byte[] body,
                           @Parameter(description = "Tenant; absent means the default tenant when one is configured")
                           @HeaderParam("X-Tenant-Id") String tenant,
                           @Parameter(description = "Narrows verification to one key of the tenant")
                           @HeaderParam("X-Key-Id") String keyId) {
        SubmitResult r = service.submit(body == null ? new byte[0] : body, tenant, keyId);
        Response.ResponseBuilder b = Response.status(r.status()).entity(r.body()).type(r.contentType());
        if (r.replayed()) {
            b.header("Idempotent-Replayed", "true");
        }
        if (r.retryAfterSeconds() > 0) {
            b.header("Retry-After", Long.toString(r.retryAfterSeconds()));
        }
        return b.build();
    }
}
