package io.fractallba.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
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
        HealthCheckResponseBuilder b = HealthCheckResponse.named("kafka-consumers").up();
        for (BatchConsumerLoop.Status s : health.statuses()) {
            String why = health.notReady(s);
            b.withData(s.name(), why == null ? "ready: " + s.partitions() + " partitions, " + s.connections()
                    + " connections" : why);
            if (why != null) {
                b.down();
            }
        }
        return b.build();
    }
}
