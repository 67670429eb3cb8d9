package io.fractallba.audit.siem;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fractallba.audit.log.LogStore;
import io.fractallba.audit.log.StoredLeaf;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Exports audit entries to SIEM sinks in index order, at least once: each sink's watermark advances only after the
 * sink acknowledged a batch, so a failed sink receives the same entries again (consumers deduplicate on
 * {@code event.index}). Every event is in Splunk HEC shape, which NDJSON consumers read as plain JSON too.
 */
public final class SiemExporter {

    private static final Logger LOG = Logger.getLogger(SiemExporter.class);
    private static final int BATCH = 500;

    private final List<SiemSink> sinks;
    private final LogStore store;
    private final ObjectMapper mapper;
    private final String origin;

    public SiemExporter(List<SiemSink> sinks, LogStore store, ObjectMapper mapper, String origin) {
        this.sinks = List.copyOf(sinks);
        this.store = store;
        this.mapper = mapper;
        this.origin = origin;
    }

    public boolean enabled() {
        return !sinks.isEmpty();
    }

    /** Exports what each sink has not acknowledged yet; returns the number of events delivered. */
    public synchronized long exportPending() {
        long delivered = 0;
        for (SiemSink sink : sinks) {
            try {
                while (true) {
                    long from = watermark(sink.name());
                    List<StoredLeaf> leaves = store.leaves(from, BATCH);
                    if (leaves.isEmpty()) {
                        break;
                    }
                    List<String> events = new ArrayList<>(leaves.size());
                    for (StoredLeaf l : leaves) {
                        events.add(event(l));
                    }
                    sink.send(events);
                    advance(sink.name(), leaves.get(leaves.size() - 1).index() + 1);
                    delivered += events.size();
                }
            } catch (Exception e) {
                LOG.warnf("SIEM sink %s: export paused, will resume from its watermark: %s", sink.name(), e.toString());
            }
        }
        return delivered;
    }

    String event(StoredLeaf l) throws Exception {
        ObjectNode event = mapper.createObjectNode();
        event.put("log", origin);
        event.put("index", l.index());
        event.put("tenant", l.tenant());
        event.put("pcs_id", l.pcsId());
        event.put("leaf_hash", HexFormat.of().formatHex(l.leafHash()));
        event.set("entry", mapper.readTree(l.leaf()));
        ObjectNode hec = mapper.createObjectNode();
        hec.put("time", l.appendedAt().toEpochMilli() / 1000.0);
        hec.put("source", "fractal-lba:audit-service");
        hec.put("sourcetype", "fractal-lba:audit-entry");
        hec.set("event", event);
        return mapper.writeValueAsString(hec);
    }

    private long watermark(String sink) throws SQLException {
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT next_index FROM export_watermarks WHERE sink = ?")) {
            ps.setString(1, sink);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private void advance(String sink, long next) throws SQLException {
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO export_watermarks (sink, next_index) VALUES (?, ?) "
                     + "ON CONFLICT (sink) DO UPDATE SET next_index = excluded.next_index")) {
            ps.setString(1, sink);
            ps.setLong(2, next);
            ps.executeUpdate();
        }
    }
}
