package io.fractallba.operator.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fractallba.operator.crd.ResourceStatus;
import io.fractallba.operator.crd.VerificationPolicy;
import io.fractallba.operator.crd.VerificationPolicySpec;
import io.fractallba.operator.runtime.ServiceProblem;
import io.fractallba.operator.runtime.Reconciles;
import io.fractallba.operator.runtime.TenantClaims;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Publishes a {@link VerificationPolicy} to the verifier as {@code name@version} and, with {@code activate}, makes it
 * the tenant's active policy. Both calls are idempotent at the verifier (publishing the same document again answers
 * 200; activating the active version changes nothing), and activation is skipped when the version is already active,
 * so reconciling again writes nothing — not even a history entry. A refusal (400: the document does not type-check, or
 * 409: that name@version is published with other content, or does not compile on this verifier) is the resource's
 * state: Ready=False, {@code Invalid}, the verifier's words. Everything else is retried with back-off.
 */
@ApplicationScoped
@ControllerConfiguration(name = "verificationpolicy")
public class VerificationPolicyReconciler implements Reconciler<VerificationPolicy> {

    private static final Logger LOG = Logger.getLogger(VerificationPolicyReconciler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PolicyApi verifier;
    private final Reconciles metrics;

    public VerificationPolicyReconciler(@RestClient PolicyApi verifier, Reconciles metrics) {
        this.verifier = verifier;
        this.metrics = metrics;
    }

    @Override
    public UpdateControl<VerificationPolicy> reconcile(VerificationPolicy resource, Context<VerificationPolicy> context) {
        java.util.Optional<VerificationPolicy> holder =
                TenantClaims.heldByAnother(resource, context, r -> r.getSpec().getTenant());
        if (holder.isPresent()) {
            metrics.count("VerificationPolicy", "conflict");
            resource.setStatus(ResourceStatus.notReady(resource.getMetadata().getGeneration(), null, "Conflict",
                    "tenant " + resource.getSpec().getTenant() + " is managed by " + TenantClaims.describe(holder.get())
                            + "; delete one of them").since(resource.getStatus()));
            // Looked at again: the holder may be deleted, and that event is not this resource's.
            return UpdateControl.patchStatus(resource).rescheduleAfter(java.time.Duration.ofSeconds(30));
        }
        VerificationPolicySpec spec = resource.getSpec();
        String tenant = spec.getTenant();
        String id = spec.getName() + "@" + spec.getVersion();
        Long generation = resource.getMetadata().getGeneration();
        String where = resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
        String active = verifier.overview(tenant).path("active").asText(null);
        try {
            JsonNode published = verifier.publish(tenant, document(spec));
            boolean created = "published".equals(published.path("status").asText());
            if (created) {
                LOG.infof("%s: published %s for %s", where, id, tenant);
            }
            if (spec.isActivate() && !id.equals(active)) {
                ObjectNode request = JSON.createObjectNode().put("policy", id)
                        .put("reason", "operator: VerificationPolicy " + where + " generation " + generation);
                active = verifier.activate(tenant, request).path("active").asText(id);
                LOG.infof("%s: %s is %s's active policy", where, active, tenant);
                created = true;
            }
            metrics.count("VerificationPolicy", created ? "published" : "unchanged");
            resource.setStatus(ResourceStatus.ready(generation, null, spec.isActivate()
                    ? id + " is " + tenant + "'s active policy" : id + " is published (not activated)").withActive(active)
                            .since(resource.getStatus()));
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status != 400 && status != 409) {
                throw e;
            }
            metrics.count("VerificationPolicy", "invalid");
            resource.setStatus(ResourceStatus.notReady(generation, null, "Invalid",
                    "the verifier refused " + id + ": " + ServiceProblem.detail(e)).withActive(active)
                            .since(resource.getStatus()));
        }
        return UpdateControl.patchStatus(resource);
    }

    @Override
    public ErrorStatusUpdateControl<VerificationPolicy> updateErrorStatus(VerificationPolicy resource,
                                                                          Context<VerificationPolicy> context, Exception e) {
        metrics.count("VerificationPolicy", "error");
        String active = resource.getStatus() == null ? null : resource.getStatus().getActive();
        resource.setStatus(ResourceStatus.notReady(resource.getMetadata().getGeneration(), null, "ServiceUnavailable",
                "the verifier could not be reached or failed: " + ServiceProblem.detail(e)).withActive(active)
                        .since(resource.getStatus()));
        return ErrorStatusUpdateControl.patchStatus(resource);
    }

    /** The verifier's policy document from the spec (its member names; nulls left out). */
    static ObjectNode document(VerificationPolicySpec spec) {
        ObjectNode d = JSON.createObjectNode();
        d.put("name", spec.getName());
        d.put("version", spec.getVersion());
        if (spec.getDescription() != null) {
            d.put("description", spec.getDescription());
        }
        for (VerificationPolicySpec.Rule r : spec.getRules()) {
            ObjectNode rule = d.withArray("rules").addObject();
            rule.put("name", r.getName());
            rule.put("when", r.getWhen());
            rule.put("outcome", r.getOutcome().name());
            if (r.getReason() != null) {
                rule.put("reason", r.getReason());
            }
            if (r.getMessage() != null) {
                rule.put("message", r.getMessage());
            }
        }
        if (spec.getRules().isEmpty()) {
            d.putArray("rules");
        }
        ObjectNode def = d.putObject("default");
        def.put("outcome", spec.getDefaultDecision().getOutcome().name());
        if (spec.getDefaultDecision().getReason() != null) {
            def.put("reason", spec.getDefaultDecision().getReason());
        }
        return d;
    }
}
