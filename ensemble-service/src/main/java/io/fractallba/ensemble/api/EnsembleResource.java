package io.fractallba.ensemble.api;

import io.fractallba.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import io.fractallba.pcs.token.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.ensemble.policy.EnsemblePolicy;
import io.fractallba.ensemble.policy.PolicyStore;
import io.fractallba.ensemble.runtime.EnsembleRuntime;
import io.fractallba.ensemble.runtime.EnsembleStore;
import io.fractallba.http.ApiProblem;
import io.fractallba.pcs.problem.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Policies per tenant, decisions, labelled outcomes and the bandit's state (docs/ensemble.md). */
@Path("/v1/ensemble")
@Produces(MediaType.APPLICATION_JSON)
public class EnsembleResource {

    private final EnsembleRuntime ensemble;
    private final ObjectMapper mapper;
    private final Caller caller;

    public EnsembleResource(EnsembleRuntime ensemble, ObjectMapper mapper, Caller caller) {
        this.ensemble = ensemble;
        this.mapper = mapper;
        this.caller = caller;
    }

    @GET
    @Path("/policies/{tenant}")
    @RolesAllowed({Roles.TENANT_READER, Roles.OPERATOR})
    @Operation(summary = "The tenant's current policy and its version (0: the default 2-of-3)")
    public PolicyStore.Versioned policy(@PathParam("tenant") String tenant) throws Exception {
        caller.requireTenant(tenant);
        return ensemble.policies().read(tenant);
    }

    @GET
    @Path("/policies/{tenant}/{version}")
    @RolesAllowed({Roles.TENANT_READER, Roles.OPERATOR})
    @Operation(summary = "One version of a tenant's policy")
    public PolicyStore.Versioned policyVersion(@PathParam("tenant") String tenant, @PathParam("version") int version) throws Exception {
        caller.requireTenant(tenant);
        return ensemble.policies().version(tenant, version)
                .orElseThrow(() -> ApiProblem.notFound("tenant " + tenant + " has no policy version " + version));
    }

    @PUT
    @Path("/policies/{tenant}")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish a new version of the tenant's policy (validated; earlier versions stay readable)")
    public Response publish(@PathParam("tenant") String tenant, byte[] body) throws Exception {
        EnsemblePolicy p;
        try {
            p = mapper.readerFor(EnsemblePolicy.class).with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).readValue(body);
        } catch (IOException e) {
            throw ApiProblem.badRequest("body", "not a policy: " + io.fractallba.http.JsonBindingProblems.describe(e));
        }
        if (p == null) { // the JSON literal null
            throw ApiProblem.badRequest("body", "not a policy: the body must be a JSON object");
        }
        List<String> problems = p.problems();
        if (!problems.isEmpty()) {
            String first = problems.get(0);
            throw ApiProblem.badRequest(first.substring(0, first.indexOf(':') < 0 ? first.length() : first.indexOf(':')),
                    String.join("; ", problems));
        }
        return Response.status(201).entity(ensemble.policies().publish(tenant, p, "api")).build();
    }

    @GET
    @Path("/decisions/{tenant}/{pcsId}")
    @RolesAllowed({Roles.TENANT_READER, Roles.OPERATOR})
    @Operation(summary = "The decision for a submission, with every vote")
    public JsonNode decision(@PathParam("tenant") String tenant, @PathParam("pcsId") String pcsId) throws Exception {
        caller.requireTenant(tenant);
        EnsembleStore.Stored d = ensemble.store().decision(tenant + "/" + pcsId)
                .orElseThrow(() -> ApiProblem.notFound("no decision for " + tenant + "/" + pcsId + " (yet)"));
        return mapper.readTree(d.eventJson()).get("payload");
    }

    @POST
    @Path("/outcomes")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The true label of a decided submission (1 = risky): rewards the bandit arm that decided it, once")
    public Map<String, Object> outcome(byte[] body) throws Exception {
        JsonNode req;
        try {
            req = mapper.readTree(body);
        } catch (IOException e) {
            throw ApiProblem.badRequest("body", "malformed JSON");
        }
        if (req == null || !req.path("tenant").isTextual() || !req.path("pcs_id").isTextual()) {
            throw ApiProblem.badRequest("tenant", "'tenant' and 'pcs_id' are required strings");
        }
        JsonNode l = req.get("label");
        if (l == null || !l.isInt() || (l.asInt() != 0 && l.asInt() != 1)) {
            throw ApiProblem.badRequest("label", "'label' must be 0 (fine) or 1 (risky)");
        }
        EnsembleRuntime.Rewarded r = ensemble.outcome(req.get("tenant").asText(), req.get("pcs_id").asText(), l.asInt());
        if (r == null) {
            throw new ApiProblem(Problem.of("not-found", "Not found", 404, "no decision for that submission (yet)"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", r.key());
        out.put("decision", r.decision());
        out.put("arm", r.arm());
        out.put("reward", r.reward());
        out.put("counted", r.success() != null);
        return out;
    }

    @POST
    @Path("/micro-vote/train")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Train the micro-vote classifier on the labelled decisions and serve it (422 without enough labels)")
    public Response trainMicroVote(@jakarta.ws.rs.QueryParam("seed") Long seed) throws Exception {
        try {
            return Response.status(201).entity(ensemble.trainMicroVote(seed == null ? 42 : seed)).build();
        } catch (io.fractallba.ensemble.model.MicroVoteTrainer.NotEnoughLabels e) {
            throw new ApiProblem(Problem.of("not-enough-labels", "Not enough labelled data", 422, e.getMessage()));
        }
    }

    @GET
    @Path("/accuracy/{tenant}")
    @RolesAllowed({Roles.TENANT_READER, Roles.OPERATOR})
    @Operation(summary = "Per check, the tenant's labelled decisive votes, how many were right, the accuracy and the "
            + "weight it earns under a policy with measured_weights")
    public Map<String, Object> accuracy(@PathParam("tenant") String tenant) throws Exception {
        caller.requireTenant(tenant);
        long min = ensemble.measuredWeightsMinLabels();
        List<Map<String, Object>> checks = new java.util.ArrayList<>();
        for (io.fractallba.ensemble.policy.CheckAccuracy a : ensemble.accuracy(tenant)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("check", a.check());
            m.put("decisive", a.decisive());
            m.put("correct", a.correct());
            m.put("accuracy", a.accuracy());
            m.put("weight", a.check().equals(io.fractallba.ensemble.policy.EnsemblePolicy.GATE) ? null : a.weight(min));
            checks.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", tenant);
        out.put("min_labels", min);
        out.put("checks", checks);
        return out;
    }

    @GET
    @Path("/bandit/{tenant}")
    @RolesAllowed({Roles.TENANT_READER, Roles.OPERATOR})
    @Operation(summary = "The tenant's bandit posteriors per arm (Beta alpha, beta, pulls)")
    public Object bandit(@PathParam("tenant") String tenant) throws Exception {
        caller.requireTenant(tenant);
        return ensemble.store().arms(tenant);
    }
}
