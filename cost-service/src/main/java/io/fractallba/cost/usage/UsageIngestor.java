package io.fractallba.cost.usage;

import io.fractallba.kafka.BatchConsumerLoop;
import io.fractallba.kafka.PoisonMessageException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.List;

/** Usage events in, priced usage and rollups out: one transaction per batch, offsets committed after it. */
public final class UsageIngestor implements BatchConsumerLoop.Handler<List<UsageRow>> {

    public interface Listener {
        void stored(List<UsageStore.Stored> inserted, int received, int poison);
    }

    private final UsageExtractor extractor;
    private final UsageStore store;
    private final Listener listener;

    public UsageIngestor(UsageExtractor extractor, UsageStore store, Listener listener) {
        this.extractor = extractor;
        this.store = store;
        this.listener = listener;
    }

    @Override
    public List<UsageRow> parse(ConsumerRecord<String, byte[]> record) throws PoisonMessageException {
        return extractor.rows(record.value());
    }

    @Override
    public void apply(List<List<UsageRow>> batch, int poison) throws Exception {
        List<UsageRow> rows = new ArrayList<>();
        batch.forEach(rows::addAll);
        List<UsageStore.Stored> inserted = store.ingest(rows);
        listener.stored(inserted, rows.size(), poison);
    }
}
