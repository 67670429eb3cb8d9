package io.fractallba.crr.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.kafka.BatchConsumerLoop;
import io.fractallba.kafka.PoisonMessageException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Instant;
import java.util.List;

/**
 * Keeps every {@code pcs.verified} event of this region in the ledger, byte for byte, first one per key. Offsets are
 * committed only after the insert, so no record of the region is ever missing from what the shipper ships.
 */
public final class LedgerIngestor implements BatchConsumerLoop.Handler<LedgerEntry> {

    private final Ledger ledger;
    private final ObjectMapper mapper;
    private final java.util.function.IntConsumer inserted;

    public LedgerIngestor(Ledger ledger, ObjectMapper mapper, java.util.function.IntConsumer inserted) {
        this.ledger = ledger;
        this.mapper = mapper;
        this.inserted = inserted;
    }

    @Override
    public LedgerEntry parse(ConsumerRecord<String, byte[]> r) throws PoisonMessageException {
        JsonNode e;
        try {
            e = mapper.readTree(r.value());
        } catch (Exception ex) {
            throw new PoisonMessageException("not a JSON event envelope");
        }
        JsonNode p = e == null ? null : e.get("payload");
        String key = e == null ? null : e.path("key").asText(null);
        if (p == null || !"pcs.verified".equals(e.path("type").asText()) || key == null) {
            throw new PoisonMessageException("not a pcs.verified event with a key and payload");
        }
        String tenant = p.path("tenant").asText("");
        String region = p.path("region").asText("");
        if (tenant.isEmpty() || region.isEmpty() || !key.startsWith(tenant + "/") || key.length() == tenant.length() + 1) {
            throw new PoisonMessageException("event key " + key + " does not belong to tenant " + tenant
                    + ", or the event names no region");
        }
        Instant received;
        try {
            received = Instant.parse(p.path("received_at").asText());
        } catch (Exception ex) {
            throw new PoisonMessageException("received_at is not an RFC 3339 instant");
        }
        String from = p.hasNonNull("replicated_from") ? p.get("replicated_from").asText() : null;
        return new LedgerEntry(0, tenant, key.substring(tenant.length() + 1), region, from, received, r.value());
    }

    @Override
    public void apply(List<LedgerEntry> batch, int poison) throws Exception {
        inserted.accept(ledger.insert(batch));
    }
}
