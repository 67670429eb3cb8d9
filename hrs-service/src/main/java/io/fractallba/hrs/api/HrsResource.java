package io.fractallba.hrs.api;

import io.fractallba.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import io.fractallba.pcs.token.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.hrs.registry.ModelRegistry;
import io.fractallba.hrs.training.Candidate;
import io.fractallba.hrs.registry.RegisteredModel;
import io.fractallba.hrs.runtime.HrsRuntime;
import io.fractallba.hrs.runtime.ServingModels;
import io.fractallba.hrs.training.Evaluation;
import io.fractallba.hrs.training.NotEnoughDataException;
import io.fractallba.http.ApiProblem;
import io.fractallba.pcs.json.PcsParseException;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.pcs.problem.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scoring, labels, training and the model registry (docs/hrs.md). */
@Path("/v1/hrs")
@Produces(MediaType.APPLICATION_JSON)
public class HrsResource {

    private static final PcsParser PARSER = new PcsParser();
    private final HrsRuntime hrs;
    private final ObjectMapper mapper;
    private final Caller caller;

    public HrsResource(HrsRuntime hrs, ObjectMapper mapper, Caller caller) {
        this.hrs = hrs;
        this.mapper = mapper;
        this.caller = caller;
    }

    @POST
    @Path("/score")
    @RolesAllowed({Roles.TENANT_READER, Roles.OPERATOR, Roles.SERVICE})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Risk score of a PCS now: calibrated probability of a risky label, class-conditional conformal "
            + "interval, model version, contributions; status no_model (score 0.5, interval [0, 1]) while no model exists")
    public ServingModels.Served score(byte[] body) throws SQLException {
        JsonNode req = json(body);
        String tenant = text(req, "tenant");
        // The score reveals the tenant's baseline statistics: only for callers who may see the tenant.
        caller.requireTenant(tenant);
        JsonNode pcsNode = req.get("pcs");
        if (pcsNode == null || !pcsNode.isObject()) {
            throw ApiProblem.badRequest("pcs", "'pcs' must be the PCS document (a JSON object)");
        }
        byte[] raw;
        Pcs pcs;
        try {
            raw = mapper.writeValueAsBytes(pcsNode);
            pcs = PARSER.parse(raw);
        } catch (PcsParseException e) {
            throw new ApiProblem(Problem.of("invalid-pcs", "Invalid PCS", 400, e.getMessage()).withField("pcs."
                    + (e.field() == null ? "" : e.field())));
        } catch (IOException e) {
            throw ApiProblem.badRequest("pcs", "unreadable PCS");
        }
        return hrs.score(tenant, pcs, raw);
    }

    @POST
    @Path("/labels")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record a label for a submission: 1 = risky (e.g. a reviewer found it wrong or unsupported), 0 = fine")
    public Response label(byte[] body) throws SQLException {
        JsonNode req = json(body);
        String tenant = text(req, "tenant");
        String pcsId = text(req, "pcs_id");
        String source = text(req, "source");
        JsonNode l = req.get("label");
        if (l == null || !l.isInt() || (l.asInt() != 0 && l.asInt() != 1)) {
            throw ApiProblem.badRequest("label", "'label' must be 0 (fine) or 1 (risky)");
        }
        JsonNode c = req.get("confidence");
        double confidence = c == null ? 1.0 : c.isNumber() ? c.asDouble() : Double.NaN;
        if (!(confidence > 0 && confidence <= 1)) {
            throw ApiProblem.badRequest("confidence", "'confidence' must be a number in (0, 1]");
        }
        boolean known = hrs.label(tenant, pcsId, l.asInt(), source, confidence);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", tenant);
        out.put("pcs_id", pcsId);
        out.put("source", source);
        out.put("trainable", known);
        if (!known) {
            out.put("note", "no scored submission with this key yet: the label is kept and used once it arrives");
        }
        return Response.status(201).entity(out).build();
    }

    @POST
    @Path("/train")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Train on every labelled submission now; active if it beats the active model, else shadow")
    public Response train(@jakarta.ws.rs.QueryParam("seed") Long seed) throws SQLException {
        try {
            HrsRuntime.Trained t = hrs.train(seed == null ? hrs.defaultSeed() : seed);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("version", t.version());
            out.put("status", t.status());
            out.put("evaluation", t.candidate().evaluation());
            out.put("active_before", t.candidate().active());
            out.put("baselines", t.candidate().baselines());
            return Response.status(201).entity(out).build();
        } catch (NotEnoughDataException e) {
            throw new ApiProblem(Problem.of("not-enough-labels", "Not enough labelled data", 422, e.getMessage()));
        }
    }

    @GET
    @Path("/models")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_READER, Roles.ANALYST})
    @Operation(summary = "Model versions, newest first, with status and headline metrics")
    public List<ModelRegistry.Summary> models() throws SQLException {
        List<ModelRegistry.Summary> all = hrs.registry().list();
        if (caller.scope().allTenants()) {
            return all;
        }
        // An automatic rollback's reason names a tenant and its measured rates: for callers who see every tenant.
        return all.stream().map(m -> m.revertedReason() == null ? m : new ModelRegistry.Summary(m.version(), m.status(),
                m.origin(), m.dataHash(), m.seed(), m.auroc(), m.ece(), m.coverage(), m.createdAt(), m.synthetic(),
                m.featureSchema(), m.revertedAt(), m.revertedReason().contains("false-positive")
                        ? "rolled back automatically: live labels showed a tenant's false-positive rate above its bound"
                        : "rolled back automatically: live labels showed its interval coverage below its bound")).toList();
    }

    /** The audit groups this caller may see: all of them, or only its own tenants' (no model/task aggregates). */
    private Candidate visible(Candidate c) {
        if (c.groups() == null || caller.scope().allTenants()) {
            return c;
        }
        return c.withGroups(c.groups().stream().filter(g -> g.isTenant() && caller.scope().sees(g.group())).toList());
    }

    @GET
    @Path("/models/{version}")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_READER, Roles.ANALYST})
    @Operation(summary = "A model version's evaluation (model, active model on the same rows, baselines)")
    public Map<String, Object> model(@PathParam("version") String version) throws SQLException {
        RegisteredModel m = find(version);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", m.version());
        out.put("status", m.status());
        out.put("origin", m.origin());
        out.put("data_hash", m.evaluation().dataHash());
        out.put("seed", m.evaluation().seed());
        out.put("evaluation", m.evaluation().evaluation());
        out.put("active_at_training", m.evaluation().active());
        out.put("baselines", m.evaluation().baselines());
        out.put("interval_q", m.model().q());
        out.put("interval_q_label_0", m.model().qLow());
        out.put("interval_q_label_1", m.model().qHigh());
        out.put("synthetic", m.synthetic());
        out.put("dropped_columns", m.evaluation().droppedColumns());
        out.put("injected_tampering_rows", m.evaluation().injectedTamperingRows());
        out.put("time_ordered", m.evaluation().timeOrdered());
        out.put("groups", visible(m.evaluation()).groups());
        return out;
    }

    @GET
    @Path("/models/{version}/card")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_READER, Roles.ANALYST})
    @Produces("text/markdown")
    @Operation(summary = "The model card generated from the version's evaluation")
    public String card(@PathParam("version") String version) throws SQLException {
        RegisteredModel m = find(version);
        if (caller.scope().allTenants()) {
            return m.card();
        }
        // The stored card has every tenant's row; a tenant's reader gets the same card with its own tenants' only.
        return io.fractallba.hrs.registry.ModelCard.write(m.version(), m.origin(), m.synthetic(), visible(m.evaluation()));
    }

    @GET
    @Path("/models/{version}/onnx")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_READER, Roles.ANALYST})
    @Produces("application/octet-stream")
    @Operation(summary = "The version's ONNX model (opset 13): input 'features' float[N,F], outputs 'score', 'contributions'")
    public byte[] onnx(@PathParam("version") String version) throws SQLException {
        return find(version).onnx();
    }

    @POST
    @Path("/models/{version}/promote")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Activate a version, only if it beats the active model on the labelled test split")
    public Map<String, Object> promote(@PathParam("version") String version) throws SQLException {
        try {
            Evaluation[] both = hrs.promote(version);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("active", version);
            out.put("evaluation", both[0]);
            out.put("replaced", both[1]);
            return out;
        } catch (ModelRegistry.RefusedException e) {
            throw refused(e);
        }
    }

    @POST
    @Path("/models/rollback")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Retire the active model and re-activate the one it replaced")
    public Map<String, Object> rollback() throws SQLException {
        try {
            return Map.of("active", hrs.rollback());
        } catch (ModelRegistry.RefusedException e) {
            throw refused(e);
        }
    }

    private RegisteredModel find(String version) throws SQLException {
        return hrs.registry().get(version).orElseThrow(() -> ApiProblem.notFound("no model version '" + version + "'"));
    }

    private static ApiProblem refused(ModelRegistry.RefusedException e) {
        return new ApiProblem(Problem.of("refused", "Refused", 409, e.getMessage()));
    }

    private JsonNode json(byte[] body) {
        try {
            JsonNode n = body == null || body.length == 0 ? null : mapper.readTree(body);
            if (n == null || !n.isObject()) {
                throw ApiProblem.badRequest("body", "the body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw ApiProblem.badRequest("body", io.fractallba.http.JsonBindingProblems.describe(e));
        }
    }

    private static String text(JsonNode req, String field) {
        JsonNode v = req.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank() || v.asText().length() > 256) {
            throw ApiProblem.badRequest(field, "'" + field + "' must be a non-empty string of at most 256 characters");
        }
        return v.asText();
    }
}
