package io.fractallba.dedup.runtime;

import io.fractallba.dedup.cold.ColdArchive;
import io.fractallba.dedup.cold.CorruptSegmentException;
import io.fractallba.dedup.store.DedupRecord;
import io.fractallba.dedup.store.WarmStore;
import io.fractallba.dedup.tiering.PredictiveTiering;
import io.fractallba.pcs.dedup.StoredResponse;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the first response of a (tenant, pcs_id) in whichever tier holds it — hot, warm, then cold — and promotes
 * what it finds in a colder tier: a cold record goes back to warm, and (unless the caller writes the hot tier itself,
 * as the verifier does) to Redis for its tenant's hot TTL.
 */
public class DedupLookup {

    private final HotTier hot;
    private final WarmStore warm;
    private final ColdArchive cold;
    private final DedupMetrics metrics;
    private final Function<String, Duration> hotTtl;
    private final PredictiveTiering accesses;
    private final java.time.Clock clock;

    public DedupLookup(HotTier hot, WarmStore warm, ColdArchive cold, DedupMetrics metrics,
                       Function<String, Duration> hotTtl) {
        this(hot, warm, cold, metrics, hotTtl, null, java.time.Clock.systemUTC());
    }

    /**
     * @param accesses where the verifier's re-reads answered by the warm or cold tier are counted for predictive
     *                 tiering (null: not counted). Hot hits are not: the verifier answers those itself and this
     *                 service never sees them; nor are the operators' lookups (see {@link #find(String, String,
     *                 boolean, boolean, boolean)}).
     */
    public DedupLookup(HotTier hot, WarmStore warm, ColdArchive cold, DedupMetrics metrics,
                       Function<String, Duration> hotTtl, PredictiveTiering accesses, java.time.Clock clock) {
        this.accesses = accesses;
        this.clock = clock;
        this.hot = hot;
        this.warm = warm;
        this.cold = cold;
        this.metrics = metrics;
        this.hotTtl = hotTtl;
    }

    public record Found(String tier, StoredResponse response, Instant firstSeen) {
    }

    /** A lookup that is not counted as a re-read (operators, tools). */
    public Optional<Found> find(String tenant, String pcsId, boolean includeHot, boolean promoteToHot)
            throws SQLException, IOException, CorruptSegmentException {
        return find(tenant, pcsId, includeHot, promoteToHot, false);
    }

    /**
     * @param includeHot   look in Redis first (operators); the verifier has already missed there
     * @param promoteToHot write a warm or cold hit back to Redis
     * @param reRead       the verifier's lookup after a hot miss: a warm or cold hit is counted into the access models
     *                     (an operator's lookup is not a re-read by the tenant and would skew the model)
     */
    public Optional<Found> find(String tenant, String pcsId, boolean includeHot, boolean promoteToHot, boolean reRead)
            throws SQLException, IOException, CorruptSegmentException {
        long t0 = System.nanoTime();
        if (includeHot) {
            Optional<StoredResponse> h = hot.find(tenant, pcsId);
            if (h.isPresent()) {
                Instant seen = warm.find(tenant, pcsId).map(r -> r.record().firstSeen()).orElse(null);
                metrics.lookup("hot", System.nanoTime() - t0);
                return Optional.of(new Found("hot", h.get(), seen));
            }
        }
        Optional<WarmStore.Row> row = warm.find(tenant, pcsId);
        if (row.isEmpty()) {
            metrics.lookup("none", System.nanoTime() - t0);
            return Optional.empty();
        }
        DedupRecord record = row.get().record();
        String tier = row.get().tier();
        if ("cold".equals(tier)) {
            record = fromSegment(row.get());
            warm.promote(record);
        }
        if (promoteToHot) {
            hot.promote(tenant, pcsId, record.response(), hotTtl.apply(tenant));
        }
        metrics.lookup(tier, System.nanoTime() - t0);
        if (reRead && accesses != null) {
            accesses.observe(tenant, pcsId, Duration.between(record.firstSeen(), clock.instant()));
            metrics.reReads.increment();
        }
        return Optional.of(new Found(tier, record.response(), record.firstSeen()));
    }

    private DedupRecord fromSegment(WarmStore.Row row) throws SQLException, IOException, CorruptSegmentException {
        WarmStore.Segment seg = warm.segment(row.segmentId()).orElseThrow(() ->
                new IllegalStateException("record points at missing segment " + row.segmentId()));
        try {
            for (DedupRecord r : cold.read(seg.objectName(), seg.sha256())) {
                if (r.tenant().equals(row.record().tenant()) && r.pcsId().equals(row.record().pcsId())) {
                    return r;
                }
            }
        } catch (CorruptSegmentException e) {
            metrics.corrupt.increment();
            throw e;
        }
        metrics.corrupt.increment();
        throw new CorruptSegmentException("cold segment " + seg.objectName() + " lacks the record "
                + row.record().tenant() + "/" + row.record().pcsId());
    }
}
