package io.fractallba.dedup.runtime;

import io.fractallba.dedup.cold.ColdArchive;
import io.fractallba.dedup.store.DedupRecord;
import io.fractallba.dedup.store.WarmStore;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The scheduled jobs: the demoter moves warm records older than their tenant's warm age into cold segments (segment
 * written and fsynced before the rows point at it), and retention deletes records older than the retention period
 * and the segments nothing points at any more. Hot → warm needs no job: the warm tier is written from the event
 * stream at once, and hot entries expire after their TTL.
 */
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);

    private final WarmStore warm;
    private final ColdArchive cold;
    private final DedupMetrics metrics;
    private final Duration defaultWarmAge;
    private final Map<String, Duration> tenantWarmAge;
    private final Duration retention;
    private final int segmentRecords;
    private final Clock clock;

    public Housekeeping(WarmStore warm, ColdArchive cold, DedupMetrics metrics, Duration defaultWarmAge,
                        Map<String, Duration> tenantWarmAge, Duration retention, int segmentRecords, Clock clock) {
        this.warm = warm;
        this.cold = cold;
        this.metrics = metrics;
        this.defaultWarmAge = defaultWarmAge;
        this.tenantWarmAge = Map.copyOf(tenantWarmAge);
        this.retention = retention;
        this.segmentRecords = segmentRecords;
        this.clock = clock;
    }

    /** Demotes every warm record past its warm age; returns how many moved. */
    public synchronized long demote() throws SQLException, IOException {
        long moved = 0;
        for (Map.Entry<String, Duration> t : tenantWarmAge.entrySet()) {
            moved += demote(t.getValue(), t.getKey());
        }
        moved += demote(defaultWarmAge, null);
        return moved;
    }

    private long demote(Duration age, String tenant) throws SQLException, IOException {
        long moved = 0;
        while (true) {
            List<DedupRecord> batch = warm.warmOlderThan(clock.instant().minus(age), tenant,
                    new ArrayList<>(tenantWarmAge.keySet()), segmentRecords);
            if (batch.isEmpty()) {
                return moved;
            }
            ColdArchive.Written w = cold.write(batch);
            warm.markCold(w.objectName(), w.sha256(), w.bytes(), batch);
            metrics.demoted.increment(batch.size());
            moved += batch.size();
            LOG.infof("demoted %d records to cold segment %s (%d bytes)", batch.size(), w.objectName(), w.bytes());
            if (batch.size() < segmentRecords) {
                return moved;
            }
        }
    }

    /** Deletes records past retention and the segments left empty; returns the segments removed. */
    public synchronized int retain() throws SQLException {
        List<WarmStore.Segment> empty = warm.deleteOlderThan(clock.instant().minus(retention));
        for (WarmStore.Segment s : empty) {
            try {
                cold.delete(s.objectName());
            } catch (IOException e) {
                LOG.warnf("could not delete expired segment %s: %s", s.objectName(), e.toString());
            }
        }
        return empty.size();
    }

    public void refreshSizes() throws SQLException {
        warm.countByTier().forEach(metrics::size);
    }
}
