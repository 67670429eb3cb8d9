package io.fractallba.audit.anchor;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.audit.log.StoredCheckpoint;
import io.fractallba.pcs.event.CheckpointIssued;
import io.fractallba.pcs.event.EventEnvelope;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Publishes checkpoints as {@code audit.checkpoint} events (keyed by origin, so a topic's partition holds one log's
 * checkpoints in order). The suite's own {@code audit.checkpoint.v1} publication is this anchor too, so it gets the
 * same retries and receipts.
 */
public final class KafkaTopicAnchor implements Anchor {

    private final String topic;
    private final String origin;
    private final Producer<String, byte[]> producer;
    private final ObjectMapper mapper;

    public KafkaTopicAnchor(String topic, String origin, Producer<String, byte[]> producer, ObjectMapper mapper) {
        this.topic = topic;
        this.origin = origin;
        this.producer = producer;
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return "kafka:" + topic;
    }

    @Override
    public String anchor(StoredCheckpoint cp) throws Exception {
        CheckpointIssued payload = new CheckpointIssued(origin, cp.treeSize(),
                Base64.getEncoder().encodeToString(cp.root()), cp.note());
        String key = origin + "/" + cp.treeSize();
        EventEnvelope<CheckpointIssued> event = EventEnvelope.of(EventEnvelope.deterministicId(CheckpointIssued.TYPE, key),
                CheckpointIssued.TYPE, CheckpointIssued.VERSION, null, origin, cp.issuedAt(), payload);
        RecordMetadata md = producer.send(new ProducerRecord<>(topic, origin, mapper.writeValueAsBytes(event)))
                .get(30, TimeUnit.SECONDS);
        return md.topic() + "/" + md.partition() + "@" + md.offset();
    }
}
