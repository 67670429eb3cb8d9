package io.fractallba.operator.ensemble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fractallba.operator.crd.EnsemblePolicy;
import io.fractallba.operator.crd.ResourceStatus;
import io.fractallba.operator.runtime.Reconciles;
import io.fractallba.operator.runtime.TenantClaims;
import io.fractallba.operator.runtime.ServiceProblem;
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
 * Publishes an {@link EnsemblePolicy}'s spec as the tenant's next ensemble policy version — only when it differs from
 * the policy in force, so reconciling again (a restart, a resync) publishes nothing. A refusal by the service (400:
 * the policy breaks a rule only the service knows) is the resource's state, not an error to retry: status Ready=False
 * with reason {@code Invalid} and the service's detail, until the spec changes. An unreachable or failing service is
 * retried with back-off (JOSDK) and shows as Ready=False, {@code ServiceUnavailable}.
 *
 * <p>Deleting the resource leaves the tenant's last published version in force: the service keeps every version and
 * has no "delete"; publish the policy you want instead (docs/operator.md).
 */
@ApplicationScoped
@ControllerConfiguration(name = "ensemblepolicy")
public class EnsemblePolicyReconciler implements Reconciler<EnsemblePolicy> {

    private static final Logger LOG = Logger.getLogger(EnsemblePolicyReconciler.class);

    private final EnsembleApi ensemble;
    private final Reconciles metrics;

    public EnsemblePolicyReconciler(@RestClient EnsembleApi ensemble, Reconciles metrics) {
        this.ensemble = ensemble;
        this.metrics = metrics;
    }

    @Override
    public UpdateControl<EnsemblePolicy> reconcile(EnsemblePolicy resource, Context<EnsemblePolicy> context) {
        java.util.Optional<EnsemblePolicy> holder =
                TenantClaims.heldByAnother(resource, context, r -> r.getSpec().getTenant());
        if (holder.isPresent()) {
            metrics.count("EnsemblePolicy", "conflict");
            resource.setStatus(ResourceStatus.notReady(resource.getMetadata().getGeneration(), null, "Conflict",
                    "tenant " + resource.getSpec().getTenant() + " is managed by " + TenantClaims.describe(holder.get())
                            + "; delete one of them").since(resource.getStatus()));
            // Looked at again: the holder may be deleted, and that event is not this resource's.
            return UpdateControl.patchStatus(resource).rescheduleAfter(java.time.Duration.ofSeconds(30));
        }
        String tenant = resource.getSpec().getTenant();
        Long generation = resource.getMetadata().getGeneration();
        ObjectNode desired = PolicyDocument.of(resource.getSpec());
        JsonNode current = ensemble.current(tenant);
        int inForce = current.path("version").asInt();
        if (inForce > 0 && PolicyDocument.same(desired, current.get("policy"))) {
            metrics.count("EnsemblePolicy", "unchanged");
            resource.setStatus(ResourceStatus.ready(generation, inForce, "version " + inForce + " of " + tenant
                    + "'s policy is this spec").since(resource.getStatus()));
            return UpdateControl.patchStatus(resource);
        }
        try {
            JsonNode published = ensemble.publish(tenant, desired);
            int version = published.path("version").asInt();
            LOG.infof("%s/%s: published %s's ensemble policy version %d", resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName(), tenant, version);
            metrics.count("EnsemblePolicy", "published");
            resource.setStatus(ResourceStatus.ready(generation, version, "published as version " + version + " of "
                    + tenant + "'s policy").since(resource.getStatus()));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() != 400) {
                throw e; // 401/403 (credential), 5xx: retried with back-off, shown by updateErrorStatus
            }
            String detail = ServiceProblem.detail(e);
            metrics.count("EnsemblePolicy", "invalid");
            resource.setStatus(ResourceStatus.notReady(generation, inForce, "Invalid",
                    "the ensemble-service refused the policy: " + detail).since(resource.getStatus()));
        }
        return UpdateControl.patchStatus(resource);
    }

    @Override
    public ErrorStatusUpdateControl<EnsemblePolicy> updateErrorStatus(EnsemblePolicy resource,
                                                                      Context<EnsemblePolicy> context, Exception e) {
        metrics.count("EnsemblePolicy", "error");
        Integer version = resource.getStatus() == null ? null : resource.getStatus().getPublishedVersion();
        resource.setStatus(ResourceStatus.notReady(resource.getMetadata().getGeneration(), version,
                "ServiceUnavailable",
                "the ensemble-service could not be reached or failed: " + ServiceProblem.detail(e))
                        .since(resource.getStatus()));
        return ErrorStatusUpdateControl.patchStatus(resource);
    }
}
