package io.fractallba.dedup.runtime;

import io.fractallba.dedup.cold.ColdArchive;
import io.fractallba.dedup.store.DedupRecord;
import io.fractallba.dedup.store.WarmStore;
import io.fractallba.dedup.tiering.PredictiveTiering;
import io.fractallba.dedup.tiering.TieringPolicy;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduled jobs: the demoter moves warm records older than their tenant's warm age into cold segments (segment
 * written and fsynced before the rows point at it), and retention deletes records older than the retention period
 * and the segments nothing points at any more. Hot → warm needs no job: the warm tier is written from the event
 * stream at once, and hot entries expire after their TTL. With predictive tiering the warm ages come from the access
 * models, refreshed first, and warm records entering an age band the model expects re-reads in are written to the
 * hot tier ahead of them.
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
    private final PredictiveTiering tiering;
    private final HotTier hot;
    /** Per tenant and band: pre-promoted up to this first_seen (in memory: after a restart a band is redone, SET NX). */
    private final Map<String, Instant> prepromotedUpTo = new HashMap<>();

    public Housekeeping(WarmStore warm, ColdArchive cold, DedupMetrics metrics, Duration defaultWarmAge,
                        Map<String, Duration> tenantWarmAge, Duration retention, int segmentRecords, Clock clock) {
        this(warm, cold, metrics, defaultWarmAge, tenantWarmAge, retention, segmentRecords, clock, null, null);
    }

    /** @param tiering the access models and their decisions (null: fixed warm ages only); hot: for pre-promotion */
    public Housekeeping(WarmStore warm, ColdArchive cold, DedupMetrics metrics, Duration defaultWarmAge,
                        Map<String, Duration> tenantWarmAge, Duration retention, int segmentRecords, Clock clock,
                        PredictiveTiering tiering, HotTier hot) {
        this.warm = warm;
        this.cold = cold;
        this.metrics = metrics;
        this.defaultWarmAge = defaultWarmAge;
        this.tenantWarmAge = Map.copyOf(tenantWarmAge);
        this.retention = retention;
        this.segmentRecords = segmentRecords;
        this.clock = clock;
        this.tiering = tiering;
        this.hot = hot;
    }

    /** Folds the re-reads counted since the last run into the access models and takes their decisions again. */
    public synchronized void refreshTiering() throws SQLException {
        if (tiering == null) {
            return;
        }
        PredictiveTiering.Decisions d = tiering.refresh();
        d.warmAges().forEach((t, age) -> metrics.tiering(t, age, d.predicted().getOrDefault(t, false)));
    }

    /** The warm age in force per tenant that does not use the default. */
    public Map<String, Duration> warmAges() {
        Map<String, Duration> ages = new HashMap<>(tenantWarmAge);
        if (tiering != null) {
            ages.putAll(tiering.decisions().warmAges());
        }
        return ages;
    }

    /** Demotes every warm record past its warm age; returns how many moved. */
    public synchronized long demote() throws SQLException, IOException {
        Map<String, Duration> ages = warmAges();
        List<String> named = new ArrayList<>(ages.keySet());
        long moved = 0;
        for (Map.Entry<String, Duration> t : ages.entrySet()) {
            moved += demote(t.getValue(), t.getKey(), named);
        }
        moved += demote(defaultWarmAge, null, named);
        return moved;
    }

    /**
     * Writes the warm records that entered an age band the model expects re-reads in to the hot tier, living until
     * the band ends, so the verifier answers those re-reads from Redis; returns how many were written.
     */
    public synchronized long prePromote() throws SQLException {
        if (tiering == null || hot == null) {
            return 0;
        }
        long written = 0;
        Instant now = clock.instant();
        for (Map.Entry<String, List<TieringPolicy.Band>> e : tiering.decisions().hotBands().entrySet()) {
            String tenant = e.getKey();
            for (TieringPolicy.Band band : e.getValue()) {
                String mark = tenant + '\u0000' + band.from() + '\u0000' + band.to();
                Instant oldest = now.minus(band.to());
                Instant after = prepromotedUpTo.getOrDefault(mark, oldest);
                after = after.isBefore(oldest) ? oldest : after;
                Instant upTo = now.minus(band.from());
                while (after.isBefore(upTo)) {
                    List<DedupRecord> batch = warm.warmSeenBetween(tenant, after, upTo, 1000);
                    for (DedupRecord r : batch) {
                        Duration ttl = Duration.between(now, r.firstSeen().plus(band.to()));
                        if (!ttl.isNegative() && !ttl.isZero()) {
                            hot.promote(tenant, r.pcsId(), r.response(), ttl);
                            written++;
                        }
                    }
                    if (batch.size() < 1000) {
                        after = upTo;
                    } else {
                        after = batch.get(batch.size() - 1).firstSeen();
                    }
                }
                prepromotedUpTo.put(mark, upTo);
            }
        }
        metrics.prepromoted.increment(written);
        return written;
    }

    private long demote(Duration age, String tenant, List<String> named) throws SQLException, IOException {
        long moved = 0;
        while (true) {
            List<DedupRecord> batch = warm.warmOlderThan(clock.instant().minus(age), tenant, named, segmentRecords);
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
