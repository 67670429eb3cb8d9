package io.fractallba.verifier.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.http.ApiProblem;
import io.fractallba.pcs.problem.Problem;
import io.fractallba.pcs.token.Roles;
import io.fractallba.policy.PolicyProblem;
import io.fractallba.policy.PolicyValidationException;
import io.fractallba.security.Caller;
import io.fractallba.verifier.tenant.TenantRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/policies/{tenant}}: a tenant's verification policies (docs/policies.md). Reading needs the tenant-reader
 * role for that tenant (or operator); publishing, activating and rolling back need the operator role.
 */
@Path("/v1/policies/{tenant}")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class PolicyResource {

    /** Body of an activation or rollback: {@code {"policy": "name@version", "reason": "…"}}. */
    record ChangeRequest(String policy, String reason) {

        private static final ObjectMapper MAPPER = new ObjectMapper();
        private static final int MAX_REASON = 500;

        static ChangeRequest parse(byte[] body) {
            if (body == null || body.length == 0) {
                return new ChangeRequest(null, null);
            }
            JsonNode node;
            try {
                node = MAPPER.readTree(body);
            } catch (java.io.IOException e) {
                throw new ApiProblem(Problem.of("malformed-body", "Malformed body", 400,
                        "the body is not JSON; send {\"policy\": \"name@version\", \"reason\": \"...\"}"));
            }
            if (node == null || node.isMissingNode() || node.isNull()) {
                return new ChangeRequest(null, null);
            }
            if (!node.isObject()) {
                throw new ApiProblem(Problem.of("malformed-body", "Malformed body", 400,
                        "the body must be a JSON object {\"policy\": \"name@version\", \"reason\": \"...\"}"));
            }
            return new ChangeRequest(text(node, "policy", 200), text(node, "reason", MAX_REASON));
        }

        private static String text(JsonNode node, String field, int max) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual() || v.asText().length() > max || v.asText().chars().anyMatch(c -> c < 0x20)) {
                throw ApiProblem.badRequest(field, field + " must be a string of at most " + max
                        + " printable characters");
            }
            return v.asText();
        }
    }

    private final PolicyService service;
    private final PolicyCatalog catalog;
    private final TenantRegistry tenants;
    private final Caller caller;
    private final PolicySimulator simulator;
    private final RolloutMeasurements rollouts;

    public PolicyResource(PolicyService service, PolicyCatalog catalog, TenantRegistry tenants, Caller caller,
                          PolicySimulator simulator, RolloutMeasurements rollouts) {
        this.rollouts = rollouts;
        this.service = service;
        this.catalog = catalog;
        this.tenants = tenants;
        this.caller = caller;
        this.simulator = simulator;
    }

    @GET
    @RolesAllowed({Roles.TENANT_READER, Roles.OPERATOR})
    @Operation(summary = "The tenant's active policy, its published versions and its activation history")
    public Map<String, Object> overview(@PathParam("tenant") String tenant) {
        require(tenant);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", tenant);
        out.put("loaded", catalog.loaded());
        String active = service.activeId(tenant);
        out.put("active", active);
        out.put("built_in", active.equals(catalog.builtIn().id()));
        out.put("versions", catalog.versions(tenant).stream().map(PolicyResource::summary).toList());
        catalog.rolloutState(tenant).ifPresent(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("candidate", r.candidate());
            m.put("step", r.step());
            m.put("percent", r.percent());
            m.put("steps", r.plan().steps());
            m.put("step_since", r.stepSince().toString());
            m.put("dwell", r.plan().dwell());
            m.put("min_submissions", r.plan().minSubmissions());
            m.put("max_escalation_increase", r.plan().maxEscalationIncrease());
            m.put("max_disagreement", r.plan().maxDisagreement());
            m.put("max_evaluation_errors", r.plan().maxEvaluationErrors());
            try {
                m.put("measured", rollouts.total(tenant, r));
            } catch (Exception e) {
                m.put("measured", "unavailable: " + e.getMessage());
            }
            out.put("rollout", m);
        });
        out.put("history", catalog.history(tenant).stream().map(a -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("action", a.action());
            m.put("policy", a.policy());
            m.put("previous", a.previous());
            m.put("at", a.at());
            m.put("by", a.by());
            m.put("reason", a.reason());
            return m;
        }).toList());
        return out;
    }

    @GET
    @Path("/versions/{version}")
    @RolesAllowed({Roles.TENANT_READER, Roles.OPERATOR})
    @Operation(summary = "One published version (name@version) as published; default@1 is the built-in policy")
    public Response version(@PathParam("tenant") String tenant, @PathParam("version") String policy) {
        require(tenant);
        if (policy.equals(catalog.builtIn().id())) {
            return Response.ok(io.fractallba.policy.PolicyDocuments.write(catalog.builtIn().document()),
                    MediaType.APPLICATION_JSON).build();
        }
        PolicyCatalog.Version v = catalog.version(tenant, policy)
                .orElseThrow(() -> ApiProblem.notFound("no version " + policy + " is published for this tenant"));
        return Response.ok(v.json(), MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("/versions")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.WILDCARD)
    @Blocking
    @Operation(summary = "Publish a version (immutable; 201, or 200 when the same document is already published)",
            description = "The document is type-checked against the policy environment; every problem is answered "
                    + "in one 400 with its rule, member, line and column.")
    public Response publish(@PathParam("tenant") String tenant, byte[] body) {
        require(tenant);
        PolicyService.PublishResult r;
        try {
            r = service.publish(tenant, body == null ? new byte[0] : body, caller.name());
        } catch (PolicyValidationException e) {
            return invalid(e.problems());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("policy", r.policy());
        out.put("sha256", r.sha256());
        out.put("rules", r.rules());
        out.put("status", r.status() == PolicyService.Published.CREATED ? "published" : "already-published");
        Response.ResponseBuilder b = r.status() == PolicyService.Published.CREATED
                ? Response.created(URI.create("/v1/policies/" + tenant + "/versions/" + r.policy()))
                : Response.ok();
        return b.type(MediaType.APPLICATION_JSON).entity(out).build();
    }

    @POST
    @Path("/active")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.WILDCARD)
    @Blocking
    @Operation(summary = "Make a published version (or the built-in default@1) the tenant's active policy")
    public Map<String, Object> activate(@PathParam("tenant") String tenant, byte[] body) {
        require(tenant);
        ChangeRequest request = ChangeRequest.parse(body);
        return result(service.activate(tenant, request.policy(), caller.name(), request.reason()));
    }

    @POST
    @Path("/rollout")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.WILDCARD)
    @Blocking
    @Operation(summary = "Start a staged rollout of a published version: shadow, then 5%, 25%, 50%, 100% of the "
            + "tenant's submissions by stable hash of pcs_id, advancing after each dwell while the guards hold",
            description = "Body: {\"policy\": \"name@version\"} and optionally steps, dwell, min_submissions, "
                    + "max_escalation_increase, max_disagreement, max_evaluation_errors, reason (docs/policies.md).")
    public Map<String, Object> rollout(@PathParam("tenant") String tenant, byte[] body) {
        require(tenant);
        RolloutRequest request = RolloutRequest.parse(body);
        service.startRollout(tenant, request.policy(), request.plan(), caller.name(), request.reason());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", service.activeId(tenant));
        out.put("candidate", request.policy());
        out.put("steps", request.plan().steps());
        out.put("dwell", request.plan().dwell());
        return out;
    }

    @POST
    @Path("/rollback")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.WILDCARD)
    @Blocking
    @Operation(summary = "Make the version active before the latest change active again; during a rollout, abort it")
    public Map<String, Object> rollback(@PathParam("tenant") String tenant, byte[] body) {
        require(tenant);
        return result(service.rollback(tenant, caller.name(), ChangeRequest.parse(body).reason()));
    }

    @POST
    @Path("/simulate")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.WILDCARD)
    @Blocking
    @Operation(summary = "Replay the tenant's submissions of a window through a candidate policy and the active one",
            description = "Body: {\"candidate\": <policy document>} or {\"version\": \"name@version\"}, optional "
                    + "from/to (RFC 3339, default the last 24 hours, at most 31 days), limit (default 10,000, at most "
                    + "100,000) and examples (per change, default 3, at most 20). Reads this region's pcs.verified.v1; "
                    + "changes nothing.")
    public Response simulate(@PathParam("tenant") String tenant, byte[] body) {
        require(tenant);
        SimulationRequest request;
        try {
            request = SimulationRequest.parse(body, service, tenant, java.time.Instant.now());
        } catch (PolicyValidationException e) {
            return invalid(e.problems());
        }
        PolicySimulator.Result r = simulator.simulate(tenant, catalog.select(tenant), request.candidate(),
                request.from(), request.to(), request.limit(), request.examples());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", tenant);
        out.put("active", r.report().active());
        out.put("candidate", r.report().candidate());
        out.put("from", r.from().toString());
        out.put("to", r.to().toString());
        out.put("submissions", r.report().submissions());
        out.put("matrix", r.report().matrix());
        out.put("changed", r.report().changed());
        out.put("examples", r.report().examples());
        out.put("active_rules", r.report().activeRules());
        out.put("candidate_rules", r.report().candidateRules());
        out.put("candidate_evaluation_errors", r.report().candidateErrors());
        out.put("stored_differs_from_active", r.report().storedDiffersFromActive());
        out.put("records_scanned", r.scanned());
        out.put("records_skipped", r.skipped());
        out.put("truncated", r.truncated());
        if (r.truncatedWhy() != null) {
            out.put("truncated_why", r.truncatedWhy());
        }
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("source", EnsembleLabels.SOURCE);
        labels.put("labelled", r.report().labelled().labelled());
        labels.put("positives", r.report().labelled().positives());
        labels.put("active", r.report().labelled().active());
        labels.put("candidate", r.report().labelled().candidate());
        out.put("labels", labels);
        return Response.ok(out, MediaType.APPLICATION_JSON).build();
    }

    private void require(String tenant) {
        caller.requireTenant(tenant);
        if (!tenants.tenantIds().contains(tenant)) {
            throw new ApiProblem(Problem.of("unknown-tenant", "Unknown tenant", 404,
                    "this verifier serves no tenant of that name").withField("tenant"));
        }
    }

    private static Map<String, Object> result(PolicyService.ActivationResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", r.active());
        out.put("previous", r.previous());
        out.put("changed", r.changed());
        return out;
    }

    private static Map<String, Object> summary(PolicyCatalog.Version v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", v.document() == null ? null : v.document().id());
        m.put("sha256", v.sha256());
        m.put("published_at", v.publishedAt());
        m.put("published_by", v.publishedBy());
        m.put("rules", v.compiled() == null ? null : v.compiled().ruleCount());
        m.put("compiles", v.compiled() != null);
        if (v.compileError() != null) {
            m.put("compile_error", v.compileError());
        }
        return m;
    }

    /** 400 problem+json with every problem of the document in {@code errors} (an RFC 9457 extension member). */
    static Response invalid(List<PolicyProblem> problems) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:fractal-lba:problem:invalid-policy");
        body.put("title", "Invalid policy");
        body.put("status", 400);
        String all = problems.stream().limit(20).map(PolicyProblem::toString)
                .collect(java.util.stream.Collectors.joining("; "));
        body.put("detail", problems.size() + " problem(s): " + all + (problems.size() > 20 ? "; …" : ""));
        PolicyProblem first = problems.get(0);
        if (first.field() != null) {
            body.put("field", first.rule() == null ? first.field() : "rules[" + first.rule() + "]." + first.field());
        }
        body.put("errors", problems);
        return Response.status(400).type(Problem.MEDIA_TYPE).entity(body).build();
    }
}
