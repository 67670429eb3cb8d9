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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
    /** Records per pre-promotion query. */
    static final int PAGE = 1000;

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
        Set<String> tenants = new TreeSet<>(d.warmAges().keySet());
        tenants.addAll(d.predicted().keySet());
        tenants.forEach(t -> metrics.tiering(t, tiering.warmAge(t), d.predicted().getOrDefault(t, false)));
    }

    /** The warm age in force per tenant that does not use the default. */
    public Map<String, Duration> warmAges() {
        Map<String, Duration> ages = new HashMap<>(tenantWarmAge);
        if (tiering != null) {
            ages.putAll(tiering.decisions().warmAges());
        }
        ages.values().removeIf(defaultWarmAge::equals);
        return ages;
    }

    /**
     * Demotes every warm record past its warm age; returns how many moved. Tenants sharing a warm age are demoted
     * together (one query, segments of all of them), so a run writes one segment per distinct age with records
     * due, not one per tenant.
     */
    public synchronized long demote() throws SQLException, IOException {
        Map<Duration, List<String>> byAge = new TreeMap<>();
        List<String> named = new ArrayList<>();
        warmAges().forEach((t, age) -> {
            byAge.computeIfAbsent(age, a -> new ArrayList<>()).add(t);
            named.add(t);
        });
        long moved = 0;
        for (Map.Entry<Duration, List<String>> g : byAge.entrySet()) {
            moved += demote(g.getKey(), g.getValue(), null);
        }
        moved += demote(defaultWarmAge, null, named);
        return moved;
    }

    /**
     * Writes the warm records that entered an age band the model expects re-reads in to the hot tier, living until
     * the band ends, so the verifier answers those re-reads from Redis; returns how many were written. Records in
     * the holdout ({@link PredictiveTiering#heldOut}) are left out: their re-reads keep the model seeing the band.
     */
    public synchronized long prePromote() throws SQLException {
        if (tiering == null || hot == null) {
            return 0;
        }
        long written = 0;
        Instant now = clock.instant();
        Set<String> current = new HashSet<>();
        for (Map.Entry<String, List<TieringPolicy.Band>> e : tiering.decisions().hotBands().entrySet()) {
            String tenant = e.getKey();
            for (TieringPolicy.Band band : e.getValue()) {
                String mark = tenant + '\u0000' + band.from() + '\u0000' + band.to();
                current.add(mark);
                Instant oldest = now.minus(band.to());
                Instant after = prepromotedUpTo.getOrDefault(mark, oldest);
                after = after.isBefore(oldest) ? oldest : after;
                Instant upTo = now.minus(band.from());
                String afterId = null;                  // paging inside this run: (first_seen, pcs_id) past the last
                while (after.isBefore(upTo) || afterId != null) {
                    List<DedupRecord> batch = warm.warmSeenBetween(tenant, after, afterId, upTo, PAGE);
                    for (DedupRecord r : batch) {
                        Duration ttl = Duration.between(now, r.firstSeen().plus(band.to()));
                        // Under a millisecond would be written without PX (Redis counts whole milliseconds): skipped.
                        if (ttl.toMillis() >= 1 && !PredictiveTiering.heldOut(r.pcsId())) {
                            hot.promote(tenant, r.pcsId(), r.response(), ttl);
                            written++;
                        }
                    }
                    if (batch.size() < PAGE) {
                        break;
                    }
                    DedupRecord last = batch.get(batch.size() - 1);
                    after = last.firstSeen();
                    afterId = last.pcsId();
                }
                prepromotedUpTo.put(mark, upTo);
            }
        }
        // Bands no longer in force are forgotten (a band that comes back starts at its oldest age again; SET NX).
        prepromotedUpTo.keySet().retainAll(current);
        metrics.prepromoted.increment(written);
        return written;
    }

    /**
     * One housekeeping round, each job on its own: a failing one (Redis down for pre-promotion, the model's table
     * locked, …) is logged and retried next round without keeping the others — retention above all — from running.
     * Returns how many jobs failed.
     */
    public int runRound() {
        int failed = 0;
        try {
            refreshTiering();
        } catch (Exception e) {
            // The decisions of the last refresh stay in force; demotion and retention must not wait for the model.
            LOG.warnf("access models not refreshed, retried next round: %s", e.toString());
            failed++;
        }
        try {
            demote();
        } catch (Exception e) {
            LOG.warnf("demotion failed, retried next round: %s", e.toString());
            failed++;
        }
        try {
            prePromote();
        } catch (Exception e) {
            LOG.warnf("pre-promotion to the hot tier failed, retried next round: %s", e.toString());
            failed++;
        }
        try {
            retain();
        } catch (Exception e) {
            LOG.warnf("retention failed, retried next round: %s", e.toString());
            failed++;
        }
        try {
            refreshSizes();
        } catch (Exception e) {
            LOG.warnf("tier sizes not refreshed: %s", e.toString());
            failed++;
        }
        return failed;
    }

    private long demote(Duration age, List<String> tenants, List<String> except) throws SQLException, IOException {
        long moved = 0;
        while (true) {
            List<DedupRecord> batch = warm.warmOlderThan(clock.instant().minus(age), tenants, except, segmentRecords);
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
