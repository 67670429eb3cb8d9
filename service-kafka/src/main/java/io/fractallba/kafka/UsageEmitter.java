package io.fractallba.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.event.UsageRecorded;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * How a service tells the cost-service what it spent on a tenant's behalf ({@code cost.usage.v1}, docs/cost.md).
 * The cost-service counts each {@code (event id, resource)} once, so a service that derives the event id from the
 * work itself (the submission it appended, the hour it measured) may re-send after a crash without double counting.
 */
public final class UsageEmitter {

    /** One usage record; {@code eventId} must identify the work, not the attempt. */
    public record Usage(String eventId, String tenant, String model, String task, String pcsId,
                        Map<String, Double> quantities) {
    }

    private final Producer<String, byte[]> producer;
    private final ObjectMapper mapper;
    private final String topic;
    private final String service;

    public UsageEmitter(Producer<String, byte[]> producer, ObjectMapper mapper, String topic, String service) {
        this.producer = producer;
        this.mapper = mapper;
        this.topic = topic;
        this.service = service;
    }

    /** Sends every record and waits for the broker's acknowledgements (call before committing the source offsets). */
    public void emitAll(List<Usage> usages) throws Exception {
        List<Future<?>> acks = new ArrayList<>(usages.size());
        Instant now = Instant.now();
        for (Usage u : usages) {
            acks.add(producer.send(record(u, now)));
        }
        for (Future<?> f : acks) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    private ProducerRecord<String, byte[]> record(Usage u, Instant time) throws Exception {
        UsageRecorded payload = new UsageRecorded(u.tenant(), service, u.model(), u.task(), u.pcsId(), u.quantities());
        EventEnvelope<UsageRecorded> env = EventEnvelope.of(u.eventId(), UsageRecorded.TYPE, UsageRecorded.VERSION,
                u.tenant(), u.tenant(), time, payload);
        return new ProducerRecord<>(topic, u.tenant(), mapper.writeValueAsBytes(env));
    }
}
