package io.fractallba.verifier.publish;

import io.fractallba.kafka.KafkaTracing;
import io.fractallba.verifier.config.VerifierConfig;
import io.fractallba.verifier.wal.InboxWal;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.util.Set;

/** Builds the Kafka adapters of the verifier: the outbox's producer and the replay's key scanner. */
@ApplicationScoped
public class OutboxFactory {

    private final KafkaSettings kafka;
    private final VerifierConfig config;
    private final MeterRegistry metrics;
    private final KafkaTracing tracing;

    public OutboxFactory(KafkaSettings kafka, VerifierConfig config, MeterRegistry metrics, KafkaTracing tracing) {
        this.kafka = kafka;
        this.config = config;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    public EventOutbox create(InboxWal wal) {
        return new EventOutbox(tracing.wrap(new KafkaProducer<>(kafka.producer())), config.topic(), wal, config.outbox(), metrics);
    }

    /** Keys among {@code keys} that already have an event on the topic since {@code sinceMillis}. */
    public Set<String> alreadyPublished(Set<String> keys, long sinceMillis) {
        return new PublishedKeyScanner(kafka.scanner(), config.topic()).alreadyPublished(keys, sinceMillis);
    }
}
