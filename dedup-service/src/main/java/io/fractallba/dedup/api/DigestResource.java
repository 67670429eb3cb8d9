package io.fractallba.dedup.api;

import io.fractallba.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import io.fractallba.pcs.token.Roles;
import io.fractallba.dedup.digest.RecordDigests;
import io.fractallba.dedup.runtime.DedupRuntime;
import io.fractallba.http.ApiProblem;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Digests of this region's records for the crr-shipper's divergence detection (docs/crr.md). */
@Path("/v1/digests")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class DigestResource {

    private static final int MAX_KEYS = 10_000;

    private final RecordDigests digests;
    private final Caller caller;

    public DigestResource(DedupRuntime runtime, Caller caller) {
        this.digests = new RecordDigests(runtime.warm().dataSource());
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.REPLICATOR})
    @Operation(summary = "Per-tenant digests of the records first seen in [from, to)")
    public Map<String, Object> byTenant(@QueryParam("from") String from, @QueryParam("to") String to) throws SQLException {
        Instant[] w = window(from, to);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", w[0].toString());
        out.put("to", w[1].toString());
        out.put("tenants", digests.byTenant(w[0], w[1]));
        return out;
    }

    @GET
    @Path("/{tenant}")
    @RolesAllowed({Roles.TENANT_READER, Roles.OPERATOR, Roles.REPLICATOR})
    @Operation(summary = "Digest of one tenant's records in [from, to) with lo ≤ pcs_id < hi")
    public RecordDigests.Digest range(@PathParam("tenant") String tenant, @QueryParam("from") String from,
                                      @QueryParam("to") String to, @QueryParam("lo") String lo,
                                      @QueryParam("hi") String hi) throws SQLException {
        caller.requireTenant(tenant);
        Instant[] w = window(from, to);
        return digests.range(tenant, w[0], w[1], lo, hi);
    }

    @GET
    @Path("/{tenant}/keys")
    @RolesAllowed({Roles.TENANT_READER, Roles.OPERATOR, Roles.REPLICATOR})
    @Operation(summary = "The keys and outcomes of one tenant's records in [from, to) with lo ≤ pcs_id < hi")
    public Map<String, Object> keys(@PathParam("tenant") String tenant, @QueryParam("from") String from,
                                    @QueryParam("to") String to, @QueryParam("lo") String lo, @QueryParam("hi") String hi,
                                    @QueryParam("limit") @DefaultValue("1000") int limit) throws SQLException {
        caller.requireTenant(tenant);
        if (limit < 1 || limit > MAX_KEYS) {
            throw ApiProblem.badRequest("limit", "limit must be 1.." + MAX_KEYS);
        }
        Instant[] w = window(from, to);
        List<RecordDigests.KeyOutcome> keys = digests.keys(tenant, w[0], w[1], lo, hi, limit + 1);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("keys", keys.size() > limit ? keys.subList(0, limit) : keys);
        out.put("truncated", keys.size() > limit);
        return out;
    }

    private static Instant[] window(String from, String to) {
        if (from == null || to == null) {
            throw ApiProblem.badRequest(from == null ? "from" : "to", "from and to (RFC 3339 instants) are required");
        }
        Instant f;
        Instant t;
        try {
            f = Instant.parse(from);
            t = Instant.parse(to);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("from", "from and to must be RFC 3339 instants: " + e.getMessage());
        }
        if (!f.isBefore(t)) {
            throw ApiProblem.badRequest("to", "the window is empty: from must be before to");
        }
        return new Instant[] {f, t};
    }
}
