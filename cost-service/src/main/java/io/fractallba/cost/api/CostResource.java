package io.fractallba.cost.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fractallba.security.TenantScope;
import io.fractallba.pcs.token.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.fractallba.cost.query.BreakdownRequest;
import io.fractallba.cost.query.BreakdownRow;
import io.fractallba.cost.query.CostQueries;
import io.fractallba.cost.query.CsvExport;
import io.fractallba.cost.runtime.CostRuntime;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Analysts' queries: breakdowns by tenant, model, task, service, resource, category and time; top-N; CSV. */
@Path("/v1/cost")
public class CostResource {

    public static final String CSV = "text/csv";

    private final CostRuntime cost;
    private final Analysts analysts;

    public CostResource(CostRuntime cost, Analysts analysts) {
        this.cost = cost;
        this.analysts = analysts;
    }

    public record Breakdown(@JsonProperty("from") Instant from, @JsonProperty("to") Instant to,
                            @JsonProperty("granularity") String granularity,
                            @JsonProperty("group_by") List<String> groupBy,
                            @JsonProperty("tenants") Set<String> tenants,
                            @JsonProperty("total_cost_usd") BigDecimal total,
                            @JsonProperty("rows") List<BreakdownRow> rows) {
    }

    @GET
    @Path("/breakdown")
    @RolesAllowed({Roles.ANALYST, Roles.OPERATOR})
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(summary = "Cost totals and breakdowns (group_by tenant,model,task,service,resource,category; "
            + "granularity hour|day|month|total); CSV with format=csv or Accept: text/csv")
    public Response breakdown(@QueryParam("from") String from, @QueryParam("to") String to,
                              @QueryParam("group_by") String groupBy, @QueryParam("granularity") String granularity,
                              @QueryParam("tenant") List<String> tenant, @QueryParam("format") String format,
                              @Context HttpHeaders headers) throws SQLException {
        TenantScope scope = analysts.scope();
        BreakdownRequest q = request(from, to, groupBy, granularity, Analysts.tenants(scope, tenant), null);
        return answer(q, cost.queries().breakdown(q), format, headers);
    }

    @GET
    @Path("/top")
    @RolesAllowed({Roles.ANALYST, Roles.OPERATOR})
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(summary = "The N largest cost groups over a range (by tenant, model, task, ...)")
    public Response top(@QueryParam("from") String from, @QueryParam("to") String to,
                        @QueryParam("by") @DefaultValue("model") String by, @QueryParam("n") @DefaultValue("10") int n,
                        @QueryParam("tenant") List<String> tenant, @QueryParam("format") String format,
                        @Context HttpHeaders headers) throws SQLException {
        TenantScope scope = analysts.scope();
        BreakdownRequest q = request(from, to, by, "total", Analysts.tenants(scope, tenant), n);
        return answer(q, cost.queries().breakdown(q), format, headers);
    }

    private static BreakdownRequest request(String from, String to, String groupBy, String granularity,
                                            Set<String> tenants, Integer limit) {
        try {
            return BreakdownRequest.parse(from, to, groupBy, granularity, tenants, limit);
        } catch (IllegalArgumentException e) {
            throw Analysts.badRequest(e.getMessage());
        }
    }

    private static Response answer(BreakdownRequest q, List<BreakdownRow> rows, String format, HttpHeaders headers) {
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && headers.getAcceptableMediaTypes().stream()
                .anyMatch(m -> m.isCompatible(MediaType.valueOf(CSV)) && !m.isWildcardType()));
        if (csv) {
            return Response.ok(CsvExport.of(q, rows), CSV + "; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"cost-breakdown.csv\"").build();
        }
        return Response.ok(new Breakdown(q.from(), q.to(), q.granularity().name().toLowerCase(),
                q.groupBy().stream().map(BreakdownRequest.Dimension::wireName).toList(), q.tenants(),
                CostQueries.total(rows), rows), MediaType.APPLICATION_JSON).build();
    }
}
