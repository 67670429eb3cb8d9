package io.fractallba.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.Producer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The event consumers (and producers) of this service, watched: their state for the readiness and liveness checks
 * ({@link ConsumersReady}, {@link ConsumersAlive}), their Kafka client metrics for Prometheus ({@code kafka_consumer_*},
 * {@code kafka_producer_*}, Micrometer's binder, tagged with the client id), and the suite's one poison counter,
 * {@code flk_consumer_poison_total{service,topic}}.
 */
@ApplicationScoped
public class ConsumerHealth {

    private final List<BatchConsumerLoop<?>> loops = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> binders = new CopyOnWriteArrayList<>();
    private final MeterRegistry registry;
    private final ConsumerHealthConfig config;

    public ConsumerHealth(MeterRegistry registry, ConsumerHealthConfig config) {
        this.registry = registry;
        this.config = config;
    }

    /** Watches a consumer loop from now on (call before starting its thread). */
    public <T> BatchConsumerLoop<T> watch(BatchConsumerLoop<T> loop) {
        loops.add(loop);
        // Every client's meters carry the same tag keys (Prometheus needs one key set per name; app-info is shared).
        bind(new KafkaClientMetrics(loop.consumer(), Tags.of("role", "consumer")));
        // Registered at zero for every subscribed topic, so the alert's series exist before the first poison message.
        loop.topics().forEach(topic -> poisonCounter(loop.name(), topic));
        loop.onPoison(topic -> poisonCounter(loop.name(), topic).increment());
        return loop;
    }

    /** Exports a producer's client metrics. */
    public <P extends Producer<?, ?>> P watch(P producer) {
        bind(new KafkaClientMetrics(producer, Tags.of("role", "producer")));
        return producer;
    }

    private io.micrometer.core.instrument.Counter poisonCounter(String service, String topic) {
        return io.micrometer.core.instrument.Counter.builder("flk_consumer_poison")
                .description("Messages a consumer could not read, sent to <topic>.dlq with the error in flk-error")
                .tags("service", service, "topic", topic).register(registry);
    }

    public List<BatchConsumerLoop.Status> statuses() {
        return loops.stream().map(BatchConsumerLoop::status).toList();
    }

    /** Why a consumer is not ready, or null when it is. */
    public String notReady(BatchConsumerLoop.Status s) {
        if (!s.running()) {
            return "the consumer loop has ended";
        }
        if (!s.joined()) {
            return "not (or no longer) a member of its consumer group";
        }
        if (s.connections() == 0) {
            return "no connection to any broker";
        }
        if (s.sinceTurn().compareTo(config.readyWithin()) > 0) {
            return "no poll for " + s.sinceTurn().toSeconds() + " s (bound " + config.readyWithin().toSeconds() + " s)";
        }
        return null;
    }

    /** Why a consumer is dead, or null when it is alive. */
    public String dead(BatchConsumerLoop.Status s) {
        if (!s.running()) {
            return "the consumer loop has ended";
        }
        if (s.sinceTurn().compareTo(config.aliveWithin()) > 0) {
            return "stuck: no poll for " + s.sinceTurn().toSeconds() + " s";
        }
        return null;
    }

    /**
     * One health response over every watched consumer: up unless {@code problem} names one for some consumer; each
     * consumer's line in the data is its problem or {@code fine}'s description of it.
     */
    org.eclipse.microprofile.health.HealthCheckResponse report(
            java.util.function.Function<BatchConsumerLoop.Status, String> problem,
            java.util.function.Function<BatchConsumerLoop.Status, String> fine) {
        org.eclipse.microprofile.health.HealthCheckResponseBuilder b =
                org.eclipse.microprofile.health.HealthCheckResponse.named("kafka-consumers").up();
        for (BatchConsumerLoop.Status s : statuses()) {
            String why = problem.apply(s);
            b.withData(s.name(), why == null ? fine.apply(s) : why);
            if (why != null) {
                b.down();
            }
        }
        return b.build();
    }

    private void bind(KafkaClientMetrics metrics) {
        metrics.bindTo(registry);
        binders.add(metrics);
    }

    /** Stops the metric binders' schedulers (at shutdown, after the clients closed). */
    public void close() {
        for (AutoCloseable b : binders) {
            try {
                b.close();
            } catch (Exception ignored) {
                // shutting down
            }
        }
    }
}
