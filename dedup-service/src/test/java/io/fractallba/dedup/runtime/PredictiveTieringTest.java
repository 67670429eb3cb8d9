package io.fractallba.dedup.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.dedup.cold.ColdArchive;
import io.fractallba.dedup.cold.FilesystemObjectStore;
import io.fractallba.dedup.shard.RedisNodes;
import io.fractallba.dedup.shard.RoutingStore;
import io.fractallba.dedup.store.DedupRecord;
import io.fractallba.dedup.store.WarmStore;
import io.fractallba.dedup.tiering.AccessModel;
import io.fractallba.dedup.tiering.AccessModelStore;
import io.fractallba.dedup.tiering.AccessRecorder;
import io.fractallba.dedup.tiering.AgeBuckets;
import io.fractallba.dedup.tiering.PredictiveTiering;
import io.fractallba.dedup.tiering.TieringPolicy;
import io.fractallba.pcs.dedup.DedupKeys;
import io.fractallba.pcs.dedup.ShardLayout;
import io.fractallba.pcs.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Predictive tiering on the real components — Postgres (records and access models), Redis (hot tier), the cold
 * archive — over simulated days on a clock the test moves: a tenant whose records are re-read at five days keeps them
 * warm past that age and has them in Redis before the re-read (and keeps doing so: the holdout's re-reads stand for
 * the pre-promoted ones), a tenant never re-reading is demoted at the minimum age, and a restarted service (new
 * objects over the same database) takes the same decisions. Then housekeeping's own contracts: one segment per
 * warm age, paging, expiry of pre-promoted keys, retention through a Redis outage.
 */
class PredictiveTieringTest {

    private static final Instant DAY0 = Instant.parse("2026-11-02T00:00:00Z");
    private static final String REDIS = "redis://127.0.0.1:6379";
    private static final int PER_DAY = 50;
    private static final Duration FIXED = Duration.ofDays(2);

    @TempDir
    Path coldDir;

    private final String schema = TestDatabase.freshSchemaName("dedup");
    private final DataSource ds = TestDatabase.migrate(schema);
    private final WarmStore warm = new WarmStore(ds);
    private final DedupMetrics metrics = new DedupMetrics(new SimpleMeterRegistry());
    private final MovableClock clock = new MovableClock(DAY0);
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String late = "late-" + run;
    private final String never = "never-" + run;
    private final List<String> keys = new ArrayList<>();
    private final RedisNodes redis = new RedisNodes();

    @AfterEach
    void cleanUp() {
        if (!keys.isEmpty()) {
            redis.delete(REDIS, keys);
        }
        redis.close();
        TestDatabase.drop(schema);
    }

    @Test
    void lateReReadsKeepATenantWarmLongerAndPrePromotionDoesNotHideItsOwnSignal() throws Exception {
        ColdArchive cold = new ColdArchive(new FilesystemObjectStore(coldDir), new ObjectMapper());
        HotTier hot = new HotTier(new RoutingStore(ds, new ShardLayout(Map.of("default", REDIS), 1)), redis);
        PredictiveTiering tiering = tiering(TieringPolicy.Mode.PREDICTIVE);
        Housekeeping hk = new Housekeeping(warm, cold, metrics, FIXED, Map.of(), Duration.ofDays(15), 1000, clock,
                tiering, hot);
        DedupLookup lookup = new DedupLookup(hot, warm, cold, metrics, t -> Duration.ofDays(1), tiering, clock);

        int days = 24;
        Duration reReadAt = Duration.ofDays(5);
        Duration keptWarm = AgeBuckets.upper(AgeBuckets.of(reReadAt));
        int bandFrom = -1;
        List<TieringPolicy.Band> firstBand = null;
        int[] hotPerDay = new int[days];
        long lookups = 0;
        for (int day = 0; day < days; day++) {
            Instant start = DAY0.plus(Duration.ofDays(day));
            for (int hour : new int[] {0, 8, 16}) {
                clock.set(start.plus(Duration.ofHours(hour)));
                hk.refreshTiering();
                hk.demote();
                hk.prePromote();
                List<TieringPolicy.Band> band = tiering.decisions().hotBands().get(late);
                if (firstBand == null && band != null) {
                    bandFrom = day;
                    firstBand = band;
                }
                if (firstBand != null) {
                    // Once the band is there it stays, and so does the warm age: the pre-promoted re-reads the
                    // service no longer sees are stood for by the holdout's.
                    assertThat(band).as("band on day %d %02d:00", day, hour).isEqualTo(firstBand);
                    assertThat(tiering.warmAge(late)).as("warm age on day %d", day).isEqualTo(keptWarm);
                }
            }
            clock.set(start.plus(Duration.ofHours(12)));
            List<DedupRecord> born = new ArrayList<>();
            for (int i = 0; i < PER_DAY; i++) {
                born.add(record(late, "d" + day + "-" + i, clock.instant()));
                born.add(record(never, "d" + day + "-" + i, clock.instant()));
            }
            warm.insertFirst(born);
            if (day >= 5) {
                // The late tenant re-submits every record of five days ago. As the verifier does: Redis first, and
                // only after a miss the lookup in this service (which counts the re-read).
                for (int i = 0; i < PER_DAY; i++) {
                    String id = "d" + (day - 5) + "-" + i;
                    if (hot.find(late, id).isPresent()) {
                        hotPerDay[day]++;
                        assertThat(PredictiveTiering.heldOut(id)).as("a held-out record is never pre-promoted").isFalse();
                        continue;
                    }
                    DedupLookup.Found f = lookup.find(late, id, false, false, true).orElseThrow();
                    lookups++;
                    if (day >= 10) {
                        assertThat(f.tier()).as("kept warm past its re-read").isEqualTo("warm");
                    }
                }
            }
        }
        assertThat(bandFrom).as("the band came").isBetween(5, days - 10);
        clock.set(DAY0.plus(Duration.ofDays(days)).plus(Duration.ofHours(1)));
        hk.refreshTiering();
        hk.demote();

        PredictiveTiering.Decisions d = tiering.decisions();
        assertThat(d.predicted()).containsEntry(late, true).containsEntry(never, true);
        assertThat(d.warmAges()).containsEntry(never, Duration.ofDays(1));
        assertThat(d.warmAges().get(late)).as("warm until the re-reads at five days are over").isEqualTo(keptWarm);
        assertThat(d.hotBands().get(late)).isEqualTo(firstBand).singleElement()
                .satisfies(b -> assertThat(b.from()).isLessThan(reReadAt));
        assertThat(d.hotBands()).doesNotContainKey(never);

        // Records five and a half days old: the late tenant's are warm, the other's cold.
        int fiveAndAHalf = days - 6;
        for (int i = 0; i < PER_DAY; i++) {
            assertThat(warm.find(late, "d" + fiveAndAHalf + "-" + i).orElseThrow().tier()).isEqualTo("warm");
            assertThat(warm.find(never, "d" + fiveAndAHalf + "-" + i).orElseThrow().tier()).isEqualTo("cold");
        }
        // Records 1.5 days old: fixed would keep both warm (2 days); the model demotes the never-read ones.
        assertThat(warm.find(never, "d" + (days - 2) + "-0").orElseThrow().tier()).isEqualTo("cold");
        assertThat(warm.find(late, "d" + (days - 2) + "-0").orElseThrow().tier()).isEqualTo("warm");
        // From three days after the band came (records born warm after the model kept the tenant warm), every
        // re-read but the holdout's was in Redis before it came — to the end, the band never lapsed.
        for (int day = bandFrom + 3; day < days; day++) {
            int born = day - 5;
            long expected = java.util.stream.IntStream.range(0, PER_DAY)
                    .filter(i -> !PredictiveTiering.heldOut("d" + born + "-" + i)).count();
            assertThat(hotPerDay[day]).as("pre-promoted re-reads on day %d", day).isEqualTo((int) expected);
        }
        assertThat(metrics.prepromoted.count()).isGreaterThanOrEqualTo(java.util.Arrays.stream(hotPerDay).sum());
        assertThat(metrics.reReads.count()).isEqualTo((double) lookups);

        // Restart: nothing in memory survives; the models are read back from Postgres and decide the same.
        PredictiveTiering restarted = tiering(TieringPolicy.Mode.PREDICTIVE);
        restarted.refresh();
        assertThat(restarted.decisions().warmAges()).isEqualTo(d.warmAges());
        assertThat(restarted.decisions().hotBands()).isEqualTo(d.hotBands());
        AccessModel stored = new AccessModelStore(ds).load().get(late);
        assertThat(stored.daysFolded()).isEqualTo(days);
        assertThat(stored.recordsObserved()).isEqualTo((long) days * PER_DAY);

        // The same models in fixed mode decide nothing: every tenant at the fixed age, nothing pre-promoted.
        PredictiveTiering fixed = tiering(TieringPolicy.Mode.FIXED);
        fixed.refresh();
        assertThat(fixed.decisions().warmAges()).isEmpty();
        assertThat(fixed.decisions().predicted()).containsEntry(late, false).containsEntry(never, false);
        assertThat(fixed.warmAge(late)).isEqualTo(FIXED);
        assertThat(fixed.decisions().hotBands()).isEmpty();
    }

    @Test
    void fixedModeDemotesEveryModelledTenantInOneSegment() throws Exception {
        clock.set(DAY0.plus(Duration.ofDays(20)));
        List<String> tenants = new ArrayList<>();
        List<DedupRecord> records = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            String tenant = "fixed" + t + "-" + run;
            tenants.add(tenant);
            model(tenant, AgeBuckets.of(Duration.ofDays(5)), 1.0);
            for (int i = 0; i < 3; i++) {
                records.add(record(tenant, "r" + i, clock.instant().minus(Duration.ofDays(3))));
            }
        }
        warm.insertFirst(records);
        PredictiveTiering tiering = tiering(TieringPolicy.Mode.FIXED);
        Housekeeping hk = housekeeping(tiering, null);
        hk.refreshTiering();
        assertThat(tiering.decisions().predicted()).hasSize(tenants.size()).containsOnlyKeys(tenants);
        assertThat(hk.demote()).isEqualTo(records.size());
        assertThat(count("SELECT count(*) FROM segments")).as("one segment for all, not one per tenant").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM records WHERE tier = 'warm'")).isZero();
    }

    @Test
    void predictiveModeDemotesTenantsSharingAnAgeTogether() throws Exception {
        clock.set(DAY0.plus(Duration.ofDays(20)));
        List<DedupRecord> records = new ArrayList<>();
        for (int t = 0; t < 5; t++) {
            String tenant = "never" + t + "-" + run;
            model(tenant, 0, 0.0);                                           // never re-read: demoted at one day
            records.add(record(tenant, "r", clock.instant().minus(Duration.ofHours(36))));
        }
        model(late, AgeBuckets.of(Duration.ofDays(5)), 1.0);
        records.add(record(late, "r", clock.instant().minus(Duration.ofHours(36))));
        records.add(record(late, "old", clock.instant().minus(Duration.ofDays(6))));
        warm.insertFirst(records);
        PredictiveTiering tiering = tiering(TieringPolicy.Mode.PREDICTIVE);
        Housekeeping hk = housekeeping(tiering, null);
        hk.refreshTiering();
        assertThat(hk.demote()).isEqualTo(6);
        // The five tenants at one day in one segment, the late tenant's record past its own age in another.
        assertThat(count("SELECT count(*) FROM segments")).isEqualTo(2);
        assertThat(count("SELECT max(records) FROM segments")).isEqualTo(5);
        assertThat(warm.find(late, "r").orElseThrow().tier()).isEqualTo("warm");
    }

    @Test
    void perTenantWarmQueriesHaveTheirIndex() throws Exception {
        clock.set(DAY0);
        List<DedupRecord> records = new ArrayList<>();
        for (int t = 0; t < 20; t++) {
            for (int i = 0; i < 2000; i++) {                                 // one every 864 s over 20 days
                records.add(new DedupRecord("t" + t, "r" + i, DAY0.plusSeconds(i * 864L), "o", 200, new byte[] {'x'}));
            }
            warm.insertFirst(records);
            records.clear();
        }
        try (var c = ds.getConnection(); var st = c.createStatement()) {
            st.execute("ANALYZE records");
            try (var rs = st.executeQuery("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                    + "AND indexname = 'records_warm_by_tenant_age'")) {
                assertThat(rs.next()).as("V5 index").isTrue();
                assertThat(rs.getString(1)).contains("(tenant, first_seen)").contains("WHERE (tier = 'warm'::text)");
            }
            StringBuilder plan = new StringBuilder();
            try (var rs = st.executeQuery("EXPLAIN SELECT pcs_id FROM records WHERE tier = 'warm' AND tenant = 't7' "
                    + "AND first_seen > '2026-11-12T00:00:00Z' AND first_seen <= '2026-11-13T00:00:00Z' "
                    + "ORDER BY first_seen, pcs_id LIMIT 1000")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            assertThat(plan.toString()).contains("records_warm_by_tenant_age");
        }
    }

    @Test
    void prePromotionPagesPastRecordsSharingOneFirstSeen() throws Exception {
        clock.set(DAY0.plus(Duration.ofDays(20)));
        model(late, AgeBuckets.of(Duration.ofDays(5)), 1.0);
        Instant seen = clock.instant().minus(Duration.ofDays(5));
        List<DedupRecord> records = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {                                     // 2.5 pages, one first_seen
            records.add(record(late, String.format("p%05d", i), seen));
        }
        warm.insertFirst(records);
        HotTier hot = new HotTier(new RoutingStore(ds, new ShardLayout(Map.of("default", REDIS), 1)), redis);
        Housekeeping hk = housekeeping(tiering(TieringPolicy.Mode.PREDICTIVE), hot);
        hk.refreshTiering();
        long expected = records.stream().filter(r -> !PredictiveTiering.heldOut(r.pcsId())).count();
        assertThat(expected).isBetween(2000L, 2400L);
        assertThat(hk.prePromote()).isEqualTo(expected);
        for (DedupRecord r : records) {
            assertThat(hot.find(late, r.pcsId()).isPresent()).as(r.pcsId()).isEqualTo(!PredictiveTiering.heldOut(r.pcsId()));
        }
        assertThat(hk.prePromote()).as("nothing new next run").isZero();
    }

    @Test
    void aPrePromotedKeyAlwaysExpires() throws Exception {
        clock.set(DAY0.plus(Duration.ofDays(20)));
        model(late, AgeBuckets.of(Duration.ofDays(5)), 1.0);
        PredictiveTiering tiering = tiering(TieringPolicy.Mode.PREDICTIVE);
        HotTier hot = new HotTier(new RoutingStore(ds, new ShardLayout(Map.of("default", REDIS), 1)), redis);
        Housekeeping hk = housekeeping(tiering, hot);
        hk.refreshTiering();
        TieringPolicy.Band band = tiering.decisions().hotBands().get(late).get(0);
        String almost = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "edge" + i)
                .filter(id -> !PredictiveTiering.heldOut(id)).findFirst().orElseThrow();
        // Leaves its band 0.5 ms from now: a TTL of 0 whole milliseconds.
        warm.insertFirst(List.of(record(late, almost, clock.instant().minus(band.to()).plusNanos(500_000)),
                record(late, "edge-mid", clock.instant().minus(band.from()).minusSeconds(60))));
        hk.prePromote();
        assertThat(redis.pttl(REDIS, DedupKeys.redisKey(late, almost))).as("not written without an expiry").isEqualTo(-2);
        if (!PredictiveTiering.heldOut("edge-mid")) {
            assertThat(redis.pttl(REDIS, DedupKeys.redisKey(late, "edge-mid"))).isPositive();
        }
        String key = DedupKeys.redisKey(late, "never-expires");
        keys.add(key);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> redis.setIfAbsent(REDIS, key, "v", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(redis.pttl(REDIS, key)).isEqualTo(-2);
    }

    @Test
    void aRedisOutageDoesNotStopRetention() throws Exception {
        clock.set(DAY0.plus(Duration.ofDays(20)));
        model(late, AgeBuckets.of(Duration.ofDays(5)), 1.0);
        try (RedisNodes down = new RedisNodes()) {
            HotTier hot = new HotTier(new RoutingStore(ds, new ShardLayout(Map.of("default", "redis://127.0.0.1:1"), 1)),
                    down);
            Housekeeping hk = housekeeping(tiering(TieringPolicy.Mode.PREDICTIVE), hot);
            String inBand = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "band" + i)
                    .filter(id -> !PredictiveTiering.heldOut(id)).findFirst().orElseThrow();
            warm.insertFirst(List.of(record(late, inBand, clock.instant().minus(Duration.ofDays(5))),
                    record(late, "expired", clock.instant().minus(Duration.ofDays(16)))));
            assertThat(hk.runRound()).as("pre-promotion failed").isEqualTo(1);
            assertThat(warm.find(late, "expired")).as("retention ran all the same").isEmpty();
            assertThat(warm.find(late, inBand)).isPresent();
        }
    }

    @Test
    void replicasAddTheirCountsToOneModelAndOnlyOneClosesTheDay() throws Exception {
        AccessModelStore a = new AccessModelStore(ds);
        AccessModelStore b = new AccessModelStore(ds);
        java.time.LocalDate today = java.time.LocalDate.parse("2026-11-05");
        warm.insertFirst(List.of(record(late, "x1", Instant.parse("2026-11-05T01:00:00Z")),
                record(late, "x2", Instant.parse("2026-11-05T02:00:00Z"))));
        long[] counts = new long[AgeBuckets.COUNT];
        counts[10] = 3;
        a.flush(Map.of(late, counts), today, 0.2);
        b.flush(Map.of(late, counts), today, 0.2);
        assertThat(a.load().get(late).dayReads()[10]).isEqualTo(6);
        // The next day both flush again: the day is folded once, with the two records stored on it.
        a.flush(Map.of(), today.plusDays(1), 0.2);
        Map<String, AccessModel> after = b.flush(Map.of(), today.plusDays(1), 0.2);
        AccessModel m = after.get(late);
        assertThat(m.daysFolded()).isEqualTo(1);
        assertThat(m.smoothedBirths()).isEqualTo(2);
        assertThat(m.readsPerRecord(10)).isEqualTo(3.0);
        assertThat(m.dayReads()[10]).isZero();
    }

    private Housekeeping housekeeping(PredictiveTiering tiering, HotTier hot) throws java.io.IOException {
        return new Housekeeping(warm, new ColdArchive(new FilesystemObjectStore(coldDir), new ObjectMapper()), metrics,
                FIXED, Map.of(), Duration.ofDays(15), 1000, clock, tiering, hot);
    }

    /**
     * Stores a model that has decided for the tenant (ten days, 10,000 records seen) and expects {@code reads} re-reads
     * per record in {@code bucket}, the day it is in already open.
     */
    private void model(String tenant, int bucket, double reads) throws java.sql.SQLException {
        java.time.LocalDate today = java.time.LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Double[] zeros = new Double[AgeBuckets.COUNT];
        Double[] smoothed = new Double[AgeBuckets.COUNT];
        java.util.Arrays.fill(zeros, 0.0);
        java.util.Arrays.fill(smoothed, 0.0);
        smoothed[bucket] = reads * 1000;
        try (var c = ds.getConnection()) {
            try (var ps = c.prepareStatement("INSERT INTO access_model (tenant, open_day, day_reads, smoothed_births, "
                    + "smoothed_reads, days_folded, records_observed) VALUES (?, ?, ?, 1000, ?, 10, 10000)")) {
                ps.setString(1, tenant);
                ps.setDate(2, java.sql.Date.valueOf(today));
                ps.setArray(3, c.createArrayOf("float8", zeros));
                ps.setArray(4, c.createArrayOf("float8", smoothed));
                ps.executeUpdate();
            }
            try (var ps = c.prepareStatement("INSERT INTO access_model_folds (id, folded_day) VALUES (1, ?) "
                    + "ON CONFLICT (id) DO NOTHING")) {
                ps.setDate(1, java.sql.Date.valueOf(today.minusDays(1)));
                ps.executeUpdate();
            }
        }
    }

    private long count(String sql) throws java.sql.SQLException {
        try (var c = ds.getConnection(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private PredictiveTiering tiering(TieringPolicy.Mode mode) {
        return new PredictiveTiering(new AccessRecorder(), new AccessModelStore(ds), new TieringPolicy(
                new TieringPolicy.Settings(mode, 0.02, Duration.ofDays(1), Duration.ofDays(14), 3, 100, 0.25,
                        Duration.ofDays(1), 0.2)), FIXED, Map.of(), clock);
    }

    private DedupRecord record(String tenant, String id, Instant seen) {
        keys.add(DedupKeys.redisKey(tenant, id));
        return new DedupRecord(tenant, id, seen, "o-" + id, 200,
                ("{\"status\":\"accepted\",\"pcs_id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
