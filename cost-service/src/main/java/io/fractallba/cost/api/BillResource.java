package io.fractallba.cost.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fractallba.security.TenantScope;
import io.fractallba.pcs.token.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.fractallba.cost.bill.BillFormatException;
import io.fractallba.cost.bill.BillLine;
import io.fractallba.cost.bill.BillParser;
import io.fractallba.cost.bill.BillStore;
import io.fractallba.cost.bill.ReconciliationWatcher;
import io.fractallba.cost.bill.Reconciler;
import io.fractallba.cost.runtime.CostRuntime;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/** Provider bills in, reconciliation per day and tenant out. */
@Path("/v1/cost")
@Produces(MediaType.APPLICATION_JSON)
public class BillResource {

    private static final int MAX_DAYS = 400;

    private final CostRuntime cost;
    private final Analysts analysts;

    public BillResource(CostRuntime cost, Analysts analysts) {
        this.cost = cost;
        this.analysts = analysts;
    }

    public record Imported(@JsonProperty("import_id") long id, @JsonProperty("already_imported") boolean already,
                           @JsonProperty("lines") int lines) {
    }

    public record Reconciliation(@JsonProperty("from") LocalDate from, @JsonProperty("to") LocalDate to,
                                 @JsonProperty("threshold_percent") double threshold,
                                 @JsonProperty("flagged") long flagged,
                                 @JsonProperty("days") List<Reconciler.Line> days) {
    }

    @POST
    @Path("/bills")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, "application/x-ndjson", "application/jsonl"})
    @Operation(summary = "Import a provider bill (format=flk-csv, aws-cur, gcp-billing or azure-cost); the same file "
            + "twice is one import", description = "A line that cannot be read rejects the whole file with 400, naming "
            + "the line and the column (docs/cost.md, Bills and reconciliation).")
    public Response importBill(String body, @QueryParam("format") @DefaultValue("flk-csv") String format,
                               @QueryParam("name") @DefaultValue("upload") String name) throws SQLException {
        TenantScope admin = analysts.scope();
        BillParser.Format f;
        try {
            f = BillParser.Format.parse(format);
        } catch (IllegalArgumentException e) {
            throw Analysts.badRequest(e.getMessage());
        }
        if (body == null || body.isBlank()) {
            throw Analysts.badRequest("the bill is empty");
        }
        List<BillLine> lines;
        try {
            lines = cost.billParser().parse(f, body);
        } catch (BillFormatException e) {
            throw Analysts.badRequest("bill not imported: " + e.getMessage());
        }
        BillStore.Import i = cost.bills().store(format, name, body, lines, admin.caller());
        return Response.status(i.alreadyImported() ? 200 : 201).entity(new Imported(i.id(), i.alreadyImported(), i.lines()))
                .build();
    }

    @GET
    @Path("/reconciliation")
    @RolesAllowed({Roles.ANALYST, Roles.OPERATOR})
    @Operation(summary = "Computed cost vs billed, per day and tenant, flagged beyond the threshold, by category")
    public Reconciliation reconcile(@QueryParam("from") String from, @QueryParam("to") String to,
                                    @QueryParam("tenant") List<String> tenant)
            throws SQLException {
        TenantScope scope = analysts.scope();
        Set<String> tenants = Analysts.tenants(scope, tenant);
        LocalDate f = day("from", from);
        LocalDate t = day("to", to);
        if (!f.isBefore(t) || t.toEpochDay() - f.toEpochDay() > MAX_DAYS) {
            throw Analysts.badRequest("from must be before to, at most " + MAX_DAYS + " days apart");
        }
        List<Reconciler.Line> lines = cost.reconciler().reconcile(cost.bills().computed(f, t, tenants),
                Reconciler.byDayTenant(cost.bills().billed(f, t, tenants)));
        return new Reconciliation(f, t, cost.reconcileThreshold(), lines.stream().filter(Reconciler.Line::flagged).count(),
                lines);
    }

    @POST
    @Path("/reconciliation/check")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Run the scheduled reconciliation now (admin): flagged days per tenant over the recent billed days")
    public ReconciliationWatcher.Result checkReconciliation() throws SQLException {
        return cost.reconciliations().check();
    }

    private static LocalDate day(String name, String value) {
        if (value == null) {
            throw Analysts.badRequest("query parameter '" + name + "' is required (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw Analysts.badRequest("'" + name + "' is not a date YYYY-MM-DD: " + value);
        }
    }
}
