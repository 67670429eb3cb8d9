package io.fractallba.cost.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fractallba.security.TenantScope;
import io.fractallba.pcs.token.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.fractallba.cost.price.Price;
import io.fractallba.cost.price.PriceStore;
import io.fractallba.cost.price.Repricer;
import io.fractallba.cost.runtime.CostRuntime;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.sql.SQLException;
import java.util.List;
import java.util.regex.Pattern;

/** Price tables: read by any analyst; published (and past windows re-priced) by admins, with a trail. */
@Path("/v1/cost")
@Produces(MediaType.APPLICATION_JSON)
public class PriceResource {

    private static final Pattern RESOURCE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private final CostRuntime cost;
    private final Analysts analysts;

    public PriceResource(CostRuntime cost, Analysts analysts) {
        this.cost = cost;
        this.analysts = analysts;
    }

    public record Publication(@JsonProperty("reason") String reason, @JsonProperty("prices") List<Price> prices) {
    }

    @GET
    @Path("/prices")
    @RolesAllowed({Roles.ANALYST, Roles.OPERATOR})
    @Operation(summary = "Every price row of every version")
    public List<Price> prices() throws SQLException {
        return cost.prices().all();
    }

    @POST
    @Path("/prices")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish prices as a new version; usage inside each row's window is re-priced")
    public Repricer.Result publish(Publication body) throws SQLException {
        TenantScope admin = analysts.scope();
        if (body == null || body.prices() == null || body.prices().isEmpty()) {
            throw Analysts.badRequest("the body needs 'prices': a non-empty list");
        }
        if (body.reason() == null || body.reason().isBlank()) {
            throw Analysts.badRequest("'reason' is required: every price change keeps why it was made");
        }
        List<Price> rows = body.prices().stream().map(PriceResource::validated).toList();
        Repricer.Result r = cost.repricer().publish(rows, admin.caller(), body.reason());
        r.repricings().forEach(x -> cost.metrics().repricedRows.increment(x.rowsRepriced()));
        return r;
    }

    @GET
    @Path("/repricings")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "The re-pricing trail: window, rows re-priced, cost before and after, who and why")
    public List<PriceStore.Repricing> repricings() throws SQLException {
        return cost.prices().repricings();
    }

    private static Price validated(Price p) {
        if (p == null) {
            throw Analysts.badRequest("each element of 'prices' must be a price object, not null");
        }
        if (p.resource() == null || !RESOURCE.matcher(p.resource()).matches()) {
            throw Analysts.badRequest("resource '" + p.resource() + "' is not [a-z][a-z0-9_]*");
        }
        if (p.usdPerUnit() == null || p.usdPerUnit().signum() < 0) {
            throw Analysts.badRequest("usd_per_unit of " + p.resource() + " must be a number ≥ 0");
        }
        if (p.from() == null) {
            throw Analysts.badRequest("effective_from of " + p.resource() + " is required");
        }
        if (p.to() != null && !p.to().isAfter(p.from())) {
            throw Analysts.badRequest("effective_to of " + p.resource() + " must be after effective_from");
        }
        String model = p.model() == null || p.model().isBlank() ? Price.ANY_MODEL : p.model();
        String unit = p.unit() == null || p.unit().isBlank() ? "unit" : p.unit();
        return new Price(null, null, p.resource(), model, unit, p.usdPerUnit(), p.from(), p.to());
    }
}
