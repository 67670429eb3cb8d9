package io.fractallba.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Alive while no event consumer has died or stuck past {@code flk.consumer-health.alive-within}. */
@Liveness
@ApplicationScoped
public class ConsumersAlive implements HealthCheck {

    private final ConsumerHealth health;

    public ConsumersAlive(ConsumerHealth health) {
        this.health = health;
    }

    @Override
    public HealthCheckResponse call() {
        return health.report(health::dead, s -> "alive");
    }
}
