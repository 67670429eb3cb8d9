package io.fractallba.cost.api;

import io.fractallba.cost.advice.AdvisorService;
import io.fractallba.cost.advice.Recommendation;
import io.fractallba.cost.query.BreakdownRequest;
import io.fractallba.http.ApiProblem;
import io.fractallba.pcs.problem.Problem;
import io.fractallba.pcs.token.Roles;
import io.fractallba.security.Caller;
import io.fractallba.security.TenantScope;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The optimisation advisor: recommendations from a tenant's own spend, applications and their realised savings. */
@Path("/v1/cost/recommendations")
@Produces(MediaType.APPLICATION_JSON)
public class AdviceResource {

    private static final int MAX_NOTE = 500;
    /** The furthest back a recommendation window may end: the cost API's range limit (docs/cost.md). */
    private static final int MAX_AGE_DAYS = 732;

    private final AdvisorService advisor;
    private final Analysts analysts;
    private final Caller caller;

    public AdviceResource(AdvisorService advisor, Analysts analysts, Caller caller) {
        this.advisor = advisor;
        this.analysts = analysts;
        this.caller = caller;
    }

    public record ApplyBody(String tenant, String id, String applied_at, String note) {
    }

    @GET
    @RolesAllowed({Roles.ANALYST, Roles.OPERATOR})
    @Operation(summary = "Recommendations from the tenant's spend over a window of whole days, each with its estimated "
            + "monthly saving, the figures it rests on and how to apply it")
    public Map<String, Object> recommendations(@QueryParam("tenant") String tenant, @QueryParam("to") String to,
                                               @QueryParam("window_days") String windowDays) throws SQLException {
        requireTenant(tenant);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate end;
        try {
            end = to == null || to.isBlank() ? today : LocalDate.parse(to);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiProblem.badRequest("to", "'to' is not a date (YYYY-MM-DD): " + to);
        }
        if (end.isAfter(today)) {
            throw ApiProblem.badRequest("to", "'to' is after today (" + today + "): recommendations use whole days");
        }
        if (end.isBefore(today.minusDays(MAX_AGE_DAYS))) {
            throw ApiProblem.badRequest("to", "'to' is more than " + MAX_AGE_DAYS + " days ago");
        }
        int days;
        try {
            days = windowDays == null || windowDays.isBlank() ? advisor.defaultWindowDays()
                    : Integer.parseInt(windowDays.trim());
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("window_days", "window_days must be a whole number of days 7..90");
        }
        if (days < 7 || days > 90) {
            throw ApiProblem.badRequest("window_days", "window_days must be 7..90");
        }
        List<Recommendation> recs = advisor.recommend(tenant, end, days);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", tenant);
        out.put("from", end.minusDays(days).toString());
        out.put("to", end.toString());
        out.put("recommendations", recs);
        return out;
    }

    @POST
    @Path("/apply")
    @RolesAllowed({Roles.ANALYST, Roles.OPERATOR})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record that a recommendation was applied (now or at applied_at); recording it again returns "
            + "the first record (200)")
    public Response apply(ApplyBody body) throws SQLException {
        if (body == null) {
            throw ApiProblem.badRequest(null, "a JSON body {tenant, id, applied_at?, note?} is required");
        }
        requireTenant(body.tenant());
        if (body.id() == null || body.id().isBlank()) {
            throw ApiProblem.badRequest("id", "'id' (a recommendation's id) is required");
        }
        if (body.note() != null && body.note().length() > MAX_NOTE) {
            throw ApiProblem.badRequest("note", "'note' is longer than " + MAX_NOTE + " characters");
        }
        Instant now = Instant.now();
        Instant at;
        if (body.applied_at() != null && body.applied_at().isBlank()) {
            throw ApiProblem.badRequest("applied_at", "'applied_at' is empty: leave it out for now, or give an RFC 3339 "
                    + "instant or a date");
        }
        try {
            at = body.applied_at() == null ? now : BreakdownRequest.instant("applied_at", body.applied_at());
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw ApiProblem.badRequest("applied_at", e.getMessage());
        }
        if (at.isAfter(now.plus(Duration.ofMinutes(1)))) {
            throw ApiProblem.badRequest("applied_at", "'applied_at' is in the future: record an application once made");
        }
        if (at.isBefore(now.minus(Duration.ofDays(366)))) {
            throw ApiProblem.badRequest("applied_at", "'applied_at' is more than a year ago");
        }
        try {
            AdvisorService.Recorded r = advisor.apply(body.tenant(), body.id(), at, caller.name(), body.note());
            return Response.status(r.created() ? 201 : 200).entity(r.applied()).build();
        } catch (AdvisorService.NoSuchRecommendationException e) {
            throw new ApiProblem(Problem.of("no-such-recommendation", "No such recommendation", 404, e.getMessage()));
        }
    }

    @GET
    @Path("/applied")
    @RolesAllowed({Roles.ANALYST, Roles.OPERATOR})
    @Operation(summary = "The tenant's applied recommendations, each with its saving measured against the "
            + "counterfactual forecast")
    public Map<String, Object> applied(@QueryParam("tenant") String tenant) throws SQLException {
        requireTenant(tenant);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", tenant);
        out.put("applied", advisor.applied(tenant));
        return out;
    }

    private void requireTenant(String tenant) {
        TenantScope scope = analysts.scope();
        if (tenant == null || tenant.isBlank()) {
            throw ApiProblem.badRequest("tenant", "'tenant' is required");
        }
        Analysts.requireTenant(scope, tenant);
    }
}
