package io.fractallba.operator.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the operator has started and its informers are connected and healthy. */
@Readiness
@ApplicationScoped
public class OperatorReady implements HealthCheck {

    private final OperatorRuntime runtime;

    public OperatorReady(OperatorRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("operator").status(runtime.healthy()).build();
    }
}
