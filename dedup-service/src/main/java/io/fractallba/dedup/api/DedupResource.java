package io.fractallba.dedup.api;

import io.fractallba.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import io.fractallba.pcs.token.Roles;
import io.fractallba.http.ApiProblem;
import io.fractallba.dedup.cold.CorruptSegmentException;
import io.fractallba.dedup.runtime.DedupLookup;
import io.fractallba.dedup.runtime.DedupRuntime;
import io.fractallba.pcs.problem.Problem;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Operators' and the verifier's view of dedup records (docs/dedup.md). */
@Path("/v1/dedup")
@Produces(MediaType.APPLICATION_JSON)
public class DedupResource {

    private final DedupRuntime dedup;
    private final Caller caller;

    public DedupResource(DedupRuntime dedup, Caller caller) {
        this.dedup = dedup;
        this.caller = caller;
    }

    @GET
    @Path("/{tenant}/{pcs_id}")
    @RolesAllowed({Roles.TENANT_READER, Roles.OPERATOR, Roles.SERVICE})
    @Operation(summary = "The first response of a submission, the tier holding it and its age. tiers=durable skips "
            + "Redis (the verifier's lookup after a hot miss); promote=true writes a hit back to Redis.")
    public Map<String, Object> find(@PathParam("tenant") String tenant, @PathParam("pcs_id") String pcsId,
                                    @QueryParam("tiers") @DefaultValue("all") String tiers,
                                    @QueryParam("promote") @DefaultValue("false") boolean promote)
            throws SQLException, IOException {
        caller.requireTenant(tenant);
        if (!tiers.equals("all") && !tiers.equals("durable")) {
            throw new ApiProblem(Problem.of("invalid-parameter", "Invalid parameter", 400,
                    "tiers must be 'all' or 'durable'").withField("tiers"));
        }
        DedupLookup.Found f;
        try {
            // Only the verifier's lookup after a hot miss (tiers=durable, a service token) is a re-read by the
            // tenant; an operator's lookup, of any kind, is not counted into the access models.
            boolean reRead = tiers.equals("durable") && caller.is(Roles.SERVICE) && !caller.is(Roles.OPERATOR);
            f = dedup.lookup().find(tenant, pcsId, tiers.equals("all"), promote, reRead).orElseThrow(() -> new ApiProblem(
                    Problem.of("not-found", "Not found", 404, "no dedup record for " + tenant + "/" + pcsId)));
        } catch (CorruptSegmentException e) {
            throw new ApiProblem(Problem.of("cold-segment-corrupt", "Dedup record unreadable", 500, e.getMessage()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", tenant);
        out.put("pcs_id", pcsId);
        out.put("tier", f.tier());
        if (f.firstSeen() != null) {
            out.put("first_seen", f.firstSeen().toString());
            out.put("age_seconds", Duration.between(f.firstSeen(), Instant.now()).toSeconds());
        }
        out.put("response", Map.of("origin", f.response().origin(), "status", f.response().status(),
                "body", new String(f.response().body(), StandardCharsets.UTF_8)));
        return out;
    }

    @POST
    @Path("/admin/demote")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Run the demoter now (warm → cold for records past their warm age)")
    public Map<String, Object> demote() throws SQLException, IOException {
        return Map.of("demoted", dedup.housekeeping().demote());
    }

    @POST
    @Path("/admin/retention")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Run the retention job now (delete records past retention, and emptied segments)")
    public Map<String, Object> retention() throws SQLException {
        return Map.of("segments_removed", dedup.housekeeping().retain());
    }

    @GET
    @Path("/admin/tiering")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Predictive tiering: per tenant the warm age in force, whether the access model chose it, what "
            + "the model would choose (null until it has seen enough; shown in fixed mode too) and the age bands "
            + "pre-promoted to the hot tier. refresh=true folds the counts first (as housekeeping does)")
    public Map<String, Object> tiering(@QueryParam("refresh") @DefaultValue("false") boolean refresh) throws SQLException {
        if (refresh) {
            dedup.housekeeping().refreshTiering();
        }
        var d = dedup.tiering().decisions();
        Map<String, Object> tenants = new java.util.TreeMap<>();
        java.util.Set<String> names = new java.util.TreeSet<>(d.warmAges().keySet());
        names.addAll(d.predicted().keySet());
        names.addAll(d.modelWarmAges().keySet());
        names.forEach(t -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("warm_age_seconds", dedup.tiering().warmAge(t).toSeconds());
            one.put("predicted", d.predicted().getOrDefault(t, false));
            Duration model = d.modelWarmAges().get(t);
            one.put("model_warm_age_seconds", model == null ? null : model.toSeconds());
            one.put("hot_bands", d.hotBands().getOrDefault(t, java.util.List.of()).stream()
                    .map(b -> Map.of("from_seconds", b.from().toSeconds(), "to_seconds", b.to().toSeconds())).toList());
            tenants.put(t, one);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", dedup.tiering().policy().settings().mode().name().toLowerCase(java.util.Locale.ROOT));
        out.put("tenants", tenants);
        return out;
    }

    @GET
    @Path("/routing")
    @RolesAllowed({Roles.OPERATOR, Roles.SERVICE})
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "The hot tier's shard routing in force (version|phase|layout|next layout), polled by verifiers")
    public String routing() throws SQLException {
        return dedup.routing().routing().text();
    }

    @GET
    @Path("/admin/tiers")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Records per durable tier")
    public Map<String, Long> tiers() throws SQLException {
        return dedup.warm().countByTier();
    }
}
