package io.fractallba.dedup.ingest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.dedup.store.DedupRecord;
import io.fractallba.dedup.store.WarmStore;
import io.fractallba.kafka.BatchConsumerLoop;
import io.fractallba.kafka.PoisonMessageException;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.event.PcsVerified;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Keeps the first response of every {@code pcs.verified} event in the warm tier, first write wins. The record's
 * identity is the event key ({@code tenant/pcs_id}, the verifier's dedup id), its age the verifier's receive time.
 */
public final class DedupIngestor implements BatchConsumerLoop.Handler<DedupRecord> {

    private static final TypeReference<EventEnvelope<PcsVerified>> EVENT = new TypeReference<>() { };

    public interface Listener {
        void stored(int inserted, int duplicates, int poison);
    }

    private final WarmStore warm;
    private final ObjectMapper mapper;
    private final Listener listener;

    public DedupIngestor(WarmStore warm, ObjectMapper mapper, Listener listener) {
        this.warm = warm;
        this.mapper = mapper;
        this.listener = listener;
    }

    @Override
    public DedupRecord parse(ConsumerRecord<String, byte[]> r) throws PoisonMessageException {
        EventEnvelope<PcsVerified> e;
        try {
            e = mapper.readValue(r.value(), EVENT);
        } catch (Exception ex) {
            throw new PoisonMessageException("not a JSON event envelope");
        }
        PcsVerified p = e.payload();
        if (p == null || !PcsVerified.TYPE.equals(e.type()) || p.tenant() == null || e.key() == null) {
            throw new PoisonMessageException("not a pcs.verified event with tenant and key");
        }
        if (p.response() == null || p.response().body() == null || p.response().origin() == null) {
            throw new PoisonMessageException("pcs.verified event carries no first response (verifier older than 0.1.0?)");
        }
        String prefix = p.tenant() + "/";
        if (!e.key().startsWith(prefix) || e.key().length() == prefix.length()) {
            throw new PoisonMessageException("event key " + e.key() + " does not belong to tenant " + p.tenant());
        }
        Instant seen;
        try {
            seen = Instant.parse(p.receivedAt());
        } catch (Exception ex) {
            throw new PoisonMessageException("received_at is not an RFC 3339 instant: " + p.receivedAt());
        }
        return new DedupRecord(p.tenant(), e.key().substring(prefix.length()), seen, p.response().origin(),
                p.response().status(), p.response().body().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void apply(List<DedupRecord> batch, int poison) throws Exception {
        // One statement per batch; a key twice in one batch would make ON CONFLICT see its own row, so keep the first.
        java.util.Map<String, DedupRecord> unique = new java.util.LinkedHashMap<>();
        batch.forEach(r -> unique.putIfAbsent(r.tenant() + '\u0000' + r.pcsId(), r));
        int inserted = warm.insertFirst(List.copyOf(unique.values()));
        listener.stored(inserted, batch.size() - inserted, poison);
    }
}
