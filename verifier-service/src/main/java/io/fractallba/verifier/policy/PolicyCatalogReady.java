package io.fractallba.verifier.policy;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until this replica has read the policy topic to the end it had at start-up: until then it could only
 * answer 503, so it should receive no traffic.
 */
@Readiness
@ApplicationScoped
public class PolicyCatalogReady implements HealthCheck {

    private final PolicyCatalog catalog;

    public PolicyCatalogReady(PolicyCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("policy-catalog").status(catalog.loaded())
                .withData("detail", catalog.loaded() ? "every tenant's policy is loaded"
                        : "reading the policy topic from its start").build();
    }
}
