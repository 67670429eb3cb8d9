package io.fractallba.cost.api;

import io.fractallba.security.TenantScope;
import io.fractallba.pcs.token.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.fractallba.cost.budget.Budget;
import io.fractallba.cost.forecast.ForecastService;
import io.fractallba.cost.runtime.CostRuntime;
import io.fractallba.http.ApiProblem;
import io.fractallba.pcs.event.BudgetCrossed;
import io.fractallba.pcs.problem.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Forecasts and budgets, per tenant. */
@Path("/v1/cost")
@Produces(MediaType.APPLICATION_JSON)
public class PlanningResource {

    private final CostRuntime cost;
    private final Analysts analysts;

    public PlanningResource(CostRuntime cost, Analysts analysts) {
        this.cost = cost;
        this.analysts = analysts;
    }

    public record BudgetBody(BigDecimal soft_usd, BigDecimal hard_usd) {
    }

    @GET
    @Path("/forecast")
    @RolesAllowed({Roles.ANALYST, Roles.OPERATOR})
    @Operation(summary = "Daily spend forecast with a band, and its backtested error against a naive forecast")
    public ForecastService.Forecast forecast(@QueryParam("tenant") String tenant,
                                             @QueryParam("horizon") @DefaultValue("7") int horizon) throws SQLException {
        TenantScope scope = analysts.scope();
        if (tenant == null || tenant.isBlank()) {
            throw Analysts.badRequest("query parameter 'tenant' is required");
        }
        Analysts.requireTenant(scope, tenant);
        if (horizon < 1 || horizon > 60) {
            throw Analysts.badRequest("horizon must be 1..60 days");
        }
        try {
            return cost.forecasts().forecast(tenant, LocalDate.now(ZoneOffset.UTC), horizon);
        } catch (ForecastService.NotEnoughHistoryException e) {
            throw new ApiProblem(Problem.of("not-enough-history", "Not enough history", 422, e.getMessage()));
        }
    }

    @PUT
    @Path("/budgets/{tenant}")
    @RolesAllowed({Roles.ANALYST, Roles.OPERATOR})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a tenant's monthly budget (soft alert, hard cap)")
    public Budget putBudget(@PathParam("tenant") String tenant, BudgetBody body)
            throws SQLException {
        TenantScope scope = analysts.scope();
        Analysts.requireTenant(scope, tenant);
        Budget b;
        try {
            b = new Budget(tenant, body == null ? null : body.soft_usd(), body == null ? null : body.hard_usd());
        } catch (IllegalArgumentException e) {
            throw Analysts.badRequest(e.getMessage());
        }
        cost.budgets().put(b);
        return b;
    }

    @GET
    @Path("/budgets/{tenant}")
    @RolesAllowed({Roles.ANALYST, Roles.OPERATOR})
    @Operation(summary = "A tenant's budget and the alerts raised")
    public Map<String, Object> getBudget(@PathParam("tenant") String tenant)
            throws SQLException {
        TenantScope scope = analysts.scope();
        Analysts.requireTenant(scope, tenant);
        Budget b = cost.budgets().get(tenant).orElseThrow(() -> new ApiProblem(Problem.of("not-found", "Not found", 404,
                "tenant " + tenant + " has no budget")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", tenant);
        out.put("soft_usd", b.softUsd());
        out.put("hard_usd", b.hardUsd());
        out.put("alerts", cost.budgets().alerts(tenant));
        return out;
    }

    @POST
    @Path("/budgets/check")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Run the budget check now (admin); returns the alerts raised by this pass")
    public List<BudgetCrossed> check() throws Exception {
        return cost.checkBudgets();
    }
}
