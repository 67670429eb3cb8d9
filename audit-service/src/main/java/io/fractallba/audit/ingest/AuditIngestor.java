package io.fractallba.audit.ingest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.audit.checkpoint.CheckpointIssuer;
import io.fractallba.audit.checkpoint.TamperException;
import io.fractallba.audit.log.AuditEntry;
import io.fractallba.audit.log.LogAppender;
import io.fractallba.audit.log.PoisonEventException;
import io.fractallba.audit.log.StoredCheckpoint;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.event.PcsVerified;
import io.fractallba.pcs.event.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The single writer loop: polls events, appends a batch in one transaction, commits the offsets only after that,
 * and issues a checkpoint at most every interval while the tree grows. A crash anywhere replays uncommitted events,
 * which the appender recognises by {@code (tenant, pcs_id)}: exactly one leaf per submission. Poison events go to
 * {@code <topic>.dlq} (synchronously, before their offset is committed) with the error in a header.
 */
public final class AuditIngestor implements Runnable {

    private static final Logger LOG = Logger.getLogger(AuditIngestor.class);
    private static final TypeReference<EventEnvelope<PcsVerified>> EVENT = new TypeReference<>() { };

    public interface Listener {
        void appended(LogAppender.Appended result, int poison);

        void checkpoint(StoredCheckpoint cp);

        void appendFailed(Exception e);

        void tamper(String message);
    }

    private final org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> dlq;
    private final List<String> topics;
    private final LogAppender appender;
    private final CheckpointIssuer issuer;
    private final ObjectMapper mapper;
    private final Duration checkpointInterval;
    private final Listener listener;
    private volatile boolean running = true;
    private long lastIssued;
    private long checkpointed;
    private String tamper;

    public AuditIngestor(org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer,
                         Producer<String, byte[]> dlq, List<String> topics, LogAppender appender,
                         CheckpointIssuer issuer, ObjectMapper mapper, Duration checkpointInterval, Listener listener) {
        this.consumer = consumer;
        this.dlq = dlq;
        this.topics = topics;
        this.appender = appender;
        this.issuer = issuer;
        this.mapper = mapper;
        this.checkpointInterval = checkpointInterval;
        this.listener = listener;
    }

    @Override
    public void run() {
        consumer.subscribe(topics);
        long backoffMs = 100;
        LogAppender.Appended state = null;
        while (running) {
            try {
                if (state == null) {
                    state = appender.append(List.of());   // loads the tree state (and checkpoints a crash's tail)
                }
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    state = handle(records);
                }
                maybeCheckpoint(state);
                backoffMs = 100;
            } catch (WakeupException e) {
                break;
            } catch (Exception e) {
                listener.appendFailed(e);
                LOG.warnf("audit append failed, replaying from the committed offsets in %d ms: %s", backoffMs, e.toString());
                state = null;
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 5000);
                try {
                    rewind();
                } catch (WakeupException w) {
                    break;
                } catch (Exception r) {
                    LOG.warnf("rewind failed: %s", r.toString());
                }
            }
        }
        consumer.close(Duration.ofSeconds(5));
    }

    public void stop() {
        running = false;
        consumer.wakeup();
    }

    private LogAppender.Appended handle(ConsumerRecords<String, byte[]> records) throws Exception {
        List<AuditEntry> entries = new ArrayList<>(records.count());
        int poison = 0;
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                entries.add(AuditEntry.of(parse(r.value())));
            } catch (PoisonEventException e) {
                toDlq(r, e.getMessage());
                poison++;
            }
        }
        LogAppender.Appended result = appender.append(entries);
        consumer.commitSync();
        listener.appended(result, poison);
        return result;
    }

    private EventEnvelope<PcsVerified> parse(byte[] value) throws PoisonEventException {
        if (value == null) {
            throw new PoisonEventException("empty message");
        }
        try {
            return mapper.readValue(value, EVENT);
        } catch (Exception e) {
            throw new PoisonEventException("not a JSON event envelope: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private void toDlq(ConsumerRecord<String, byte[]> r, String error) throws Exception {
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(Topics.dlq(r.topic()), r.key(), r.value());
        out.headers().add("flk-error", error.getBytes(StandardCharsets.UTF_8));
        out.headers().add("flk-source", (r.topic() + "/" + r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8));
        out.headers().add("flk-consumer", "audit-service".getBytes(StandardCharsets.UTF_8));
        dlq.send(out).get();
        LOG.warnf("poison event %s/%d@%d to the DLQ: %s", r.topic(), r.partition(), r.offset(), error);
    }

    private void maybeCheckpoint(LogAppender.Appended state) {
        long now = System.nanoTime();
        if (state.size() <= checkpointed || now - lastIssued < checkpointInterval.toNanos()) {
            return;
        }
        lastIssued = now;
        try {
            Optional<StoredCheckpoint> cp = issuer.issue(state.size(), state.root());
            checkpointed = state.size();
            tamper = null;
            cp.ifPresent(listener::checkpoint);
        } catch (TamperException e) {
            if (!e.getMessage().equals(tamper)) {
                LOG.errorf("TAMPER ALARM, no checkpoint signed: %s", e.getMessage());
            }
            tamper = e.getMessage();
            listener.tamper(e.getMessage());
        } catch (Exception e) {
            LOG.warnf("checkpoint of size %d not issued yet: %s", state.size(), e.toString());
        }
    }

    private void rewind() {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata o = committed.get(tp);
            if (o == null) {
                fromStart.add(tp);
            } else {
                consumer.seek(tp, o);
            }
        }
        if (!fromStart.isEmpty()) {
            consumer.seekToBeginning(fromStart);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
