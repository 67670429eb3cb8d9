package io.fractallba.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while every event consumer is connected, in its group, and coming round ({@link ConsumerHealth#notReady}). */
@Readiness
@ApplicationScoped
public class ConsumersReady implements HealthCheck {

    private final ConsumerHealth health;

    public ConsumersReady(ConsumerHealth health) {
        this.health = health;
    }

    @Override
    public HealthCheckResponse call() {
        return health.report(health::notReady,
                s -> "ready: " + s.partitions() + " partitions, " + s.connections() + " connections");
    }
}
