package io.fractallba.crr.api;

import jakarta.annotation.security.RolesAllowed;
import io.fractallba.pcs.token.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import io.fractallba.crr.ledger.LedgerEntry;
import io.fractallba.crr.runtime.CrrRuntime;
import io.fractallba.http.ApiProblem;
import io.fractallba.pcs.problem.Problem;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shipper's API: replication status, a record lent to a peer, divergence runs and reports (docs/crr.md). */
@Path("/v1/crr")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class CrrResource {

    private final CrrRuntime runtime;

    public CrrResource(CrrRuntime runtime) {
        this.runtime = runtime;
    }

    @GET
    @Path("/status")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "This region, its peers, their watermarks, RPO and the last error")
    public Map<String, Object> status() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("region", runtime.config().region());
        out.put("last_local_seq", runtime.ledger().lastLocalSeq());
        out.put("peers", runtime.status());
        return out;
    }

    @GET
    @Path("/ledger/{tenant}/{pcs_id}")
    @RolesAllowed({Roles.REPLICATOR, Roles.OPERATOR})
    @Operation(summary = "The pcs.verified event this region holds for a key, for a peer repairing a missing record")
    public Response lend(@PathParam("tenant") String tenant, @PathParam("pcs_id") String pcsId) throws Exception {
        LedgerEntry e = runtime.ledger().find(tenant, pcsId).orElseThrow(() -> ApiProblem.notFound(
                "this region's ledger holds no record " + tenant + "/" + pcsId));
        return Response.ok(e.event(), MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("/divergence/run")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Compare [from, to) with every peer (or ?peer=), repair what is missing, report the rest")
    public Map<String, Object> run(@QueryParam("from") String from, @QueryParam("to") String to,
                                   @QueryParam("peer") String peer) throws Exception {
        Instant t = to == null ? Instant.now().minus(runtime.config().divergence().settle()) : parse("to", to);
        Instant f = from == null ? t.minus(runtime.config().divergence().lookback()) : parse("from", from);
        if (!f.isBefore(t)) {
            throw ApiProblem.badRequest("to", "the window is empty: from must be before to");
        }
        if (Duration.between(f, t).compareTo(Duration.ofDays(31)) > 0) {
            throw ApiProblem.badRequest("from", "at most 31 days per run");
        }
        if (peer != null && !runtime.config().peers().containsKey(peer)) {
            throw ApiProblem.badRequest("peer", "not a configured peer: " + peer);
        }
        CrrRuntime.Comparison found = runtime.compare(peer, f, t);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", f.toString());
        out.put("to", t.toString());
        out.put("divergences", found.divergences());
        out.put("audit", found.audit());
        return out;
    }

    @GET
    @Path("/divergence/reports")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "The most recent divergence reports")
    public List<JsonNode> reports(@QueryParam("limit") @DefaultValue("50") int limit) throws Exception {
        if (limit < 1 || limit > 1000) {
            throw ApiProblem.badRequest("limit", "limit must be 1..1000");
        }
        return runtime.reports().recent(limit);
    }

    private static Instant parse(String field, String v) {
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest(field, field + " must be an RFC 3339 instant");
        }
    }
}
