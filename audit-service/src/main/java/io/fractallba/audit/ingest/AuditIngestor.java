package io.fractallba.audit.ingest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.audit.checkpoint.CheckpointIssuer;
import io.fractallba.audit.checkpoint.TamperException;
import io.fractallba.audit.log.AuditEntry;
import io.fractallba.audit.log.LogAppender;
import io.fractallba.audit.log.PoisonEventException;
import io.fractallba.audit.log.StoredCheckpoint;
import io.fractallba.kafka.BatchConsumerLoop;
import io.fractallba.kafka.PoisonMessageException;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.event.PcsVerified;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The audit log's writer, run by the suite's {@link BatchConsumerLoop}: each batch of events is appended in one
 * transaction before its offsets are committed, and a checkpoint is issued at most every interval while the tree
 * grows. A crash anywhere replays uncommitted events, which the appender recognises by {@code (tenant, pcs_id)}:
 * exactly one leaf per submission.
 */
public final class AuditIngestor implements BatchConsumerLoop.Handler<AuditEntry> {

    private static final Logger LOG = Logger.getLogger(AuditIngestor.class);
    private static final TypeReference<EventEnvelope<PcsVerified>> EVENT = new TypeReference<>() { };
    private static final TypeReference<EventEnvelope<io.fractallba.pcs.event.EnsembleDecision>> DECISION =
            new TypeReference<>() { };
    private static final TypeReference<EventEnvelope<io.fractallba.pcs.event.PolicyChange>> POLICY =
            new TypeReference<>() { };
    /** A decision without a disagreement: nothing to log (dropped before the batch is appended). */
    static final AuditEntry NOTHING = new AuditEntry("", "", new byte[0], null);

    public interface Listener {
        void appended(LogAppender.Appended result, int poison);

        void checkpoint(StoredCheckpoint cp);

        void appendFailed(Exception e);

        void tamper(String message);

        /** After a batch is durable, before its offsets are committed (e.g. to report usage for every entry). */
        default void batchStored(List<AuditEntry> batch) throws Exception {
        }
    }

    private final LogAppender appender;
    private final CheckpointIssuer issuer;
    private final ObjectMapper mapper;
    private final Duration checkpointInterval;
    private final Listener listener;
    private LogAppender.Appended state;
    private long lastIssued;
    private long checkpointed;
    private String tamper;

    public AuditIngestor(LogAppender appender, CheckpointIssuer issuer, ObjectMapper mapper, Duration checkpointInterval,
                         Listener listener) {
        this.appender = appender;
        this.issuer = issuer;
        this.mapper = mapper;
        this.checkpointInterval = checkpointInterval;
        this.listener = listener;
    }

    @Override
    public AuditEntry parse(ConsumerRecord<String, byte[]> r) throws PoisonMessageException {
        if (r.value() == null) {
            throw new PoisonMessageException("empty message");
        }
        try {
            com.fasterxml.jackson.databind.JsonNode tree = mapper.readTree(r.value());
            if (tree != null && io.fractallba.pcs.event.EnsembleDecision.TYPE.equals(tree.path("type").asText())) {
                EventEnvelope<io.fractallba.pcs.event.EnsembleDecision> d = mapper.treeToValue(tree, DECISION);
                return d.payload() != null && d.payload().disagreement() == null ? NOTHING : AuditEntry.ofDisagreement(d);
            }
            if (tree != null && io.fractallba.pcs.event.PolicyChange.TYPE.equals(tree.path("type").asText())) {
                return AuditEntry.ofPolicyChange(mapper.treeToValue(tree, POLICY));
            }
            return AuditEntry.of(mapper.treeToValue(tree, EVENT));
        } catch (PoisonEventException e) {
            throw new PoisonMessageException(e.getMessage());
        } catch (Exception e) {
            throw new PoisonMessageException("not a JSON event envelope: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    @Override
    public void apply(List<AuditEntry> received, int poison) throws Exception {
        List<AuditEntry> batch = received.stream().filter(e -> e != NOTHING).toList();
        state = appender.append(batch);
        listener.appended(state, poison);
        listener.batchStored(batch);
    }

    @Override
    public void tick() throws Exception {
        if (state == null) {
            state = appender.append(List.of());   // loads the tree state (and checkpoints a crash's tail)
        }
        maybeCheckpoint(state);
    }

    @Override
    public void failed(Exception e) {
        state = null;
        listener.appendFailed(e);
    }

    private void maybeCheckpoint(LogAppender.Appended s) {
        long now = System.nanoTime();
        if (s.size() <= checkpointed || now - lastIssued < checkpointInterval.toNanos()) {
            return;
        }
        lastIssued = now;
        try {
            Optional<StoredCheckpoint> cp = issuer.issue(s.size(), s.root());
            checkpointed = s.size();
            tamper = null;
            cp.ifPresent(listener::checkpoint);
        } catch (TamperException e) {
            if (!e.getMessage().equals(tamper)) {
                LOG.errorf("TAMPER ALARM, no checkpoint signed: %s", e.getMessage());
            }
            tamper = e.getMessage();
            listener.tamper(e.getMessage());
        } catch (Exception e) {
            LOG.warnf("checkpoint of size %d not issued yet: %s", s.size(), e.toString());
        }
    }
}
