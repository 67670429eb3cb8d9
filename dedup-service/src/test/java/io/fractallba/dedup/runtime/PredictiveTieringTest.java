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
 * archive — over fourteen simulated days on a clock the test moves: a tenant whose records are re-read at five days
 * keeps them warm past that age and has them in Redis before the re-read, a tenant never re-reading is demoted at
 * the minimum age, and a restarted service (new objects over the same database) takes the same decisions.
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
    void lateReReadsKeepATenantWarmLongerAndTheModelSurvivesARestart() throws Exception {
        ColdArchive cold = new ColdArchive(new FilesystemObjectStore(coldDir), new ObjectMapper());
        HotTier hot = new HotTier(new RoutingStore(ds, new ShardLayout(Map.of("default", REDIS), 1)), redis);
        PredictiveTiering tiering = tiering(TieringPolicy.Mode.PREDICTIVE);
        Housekeeping hk = new Housekeeping(warm, cold, metrics, FIXED, Map.of(), Duration.ofDays(15), 1000, clock,
                tiering, hot);
        DedupLookup lookup = new DedupLookup(hot, warm, cold, metrics, t -> Duration.ofDays(1), tiering.recorder(), clock);

        int hotBeforeReRead = 0;
        for (int day = 0; day < 14; day++) {
            Instant start = DAY0.plus(Duration.ofDays(day));
            for (int hour : new int[] {0, 8, 16}) {
                clock.set(start.plus(Duration.ofHours(hour)));
                hk.refreshTiering();
                hk.demote();
                hk.prePromote();
            }
            clock.set(start.plus(Duration.ofHours(12)));
            List<DedupRecord> born = new ArrayList<>();
            for (int i = 0; i < PER_DAY; i++) {
                born.add(record(late, "d" + day + "-" + i, clock.instant()));
                born.add(record(never, "d" + day + "-" + i, clock.instant()));
            }
            warm.insertFirst(born);
            if (day >= 5) {
                // The late tenant re-submits every record of five days ago (the verifier's lookup after a hot miss).
                for (int i = 0; i < PER_DAY; i++) {
                    String id = "d" + (day - 5) + "-" + i;
                    if (hot.find(late, id).isPresent()) {
                        hotBeforeReRead++;                  // pre-promoted: the verifier would answer from Redis
                    }
                    assertThat(lookup.find(late, id, false, false)).isPresent();
                }
            }
        }
        clock.set(DAY0.plus(Duration.ofDays(14)).plus(Duration.ofHours(1)));
        hk.refreshTiering();
        hk.demote();

        PredictiveTiering.Decisions d = tiering.decisions();
        Duration lateAge = d.warmAges().get(late);
        assertThat(d.predicted()).containsEntry(late, true).containsEntry(never, true);
        assertThat(d.warmAges()).containsEntry(never, Duration.ofDays(1));
        assertThat(lateAge).as("warm until the re-reads at five days are over")
                .isEqualTo(AgeBuckets.upper(AgeBuckets.of(Duration.ofDays(5))));
        assertThat(d.hotBands().get(late)).singleElement()
                .satisfies(b -> assertThat(b.from()).isLessThan(Duration.ofDays(5)));
        assertThat(d.hotBands()).doesNotContainKey(never);

        // Records five and a half days old (born on day 8): the late tenant's are warm, the other's cold.
        for (int i = 0; i < PER_DAY; i++) {
            assertThat(warm.find(late, "d8-" + i).orElseThrow().tier()).isEqualTo("warm");
            assertThat(warm.find(never, "d8-" + i).orElseThrow().tier()).isEqualTo("cold");
        }
        // Records of day 12 (1.5 days old): fixed would keep both warm (2 days); the model demotes the never-read ones.
        assertThat(warm.find(never, "d12-0").orElseThrow().tier()).isEqualTo("cold");
        assertThat(warm.find(late, "d12-0").orElseThrow().tier()).isEqualTo("warm");
        // The re-reads of days 10-13 (of records born after the model kept the tenant warm) were in Redis before
        // they came; the earlier ones were read from cold (demoted at the minimum age before any re-read was seen).
        assertThat(hotBeforeReRead).isEqualTo(4 * PER_DAY);
        assertThat(metrics.prepromoted.count()).isGreaterThanOrEqualTo(4 * PER_DAY);
        assertThat(metrics.reReads.count()).isEqualTo(9.0 * PER_DAY);

        // Restart: nothing in memory survives; the models are read back from Postgres and decide the same.
        PredictiveTiering restarted = tiering(TieringPolicy.Mode.PREDICTIVE);
        restarted.refresh();
        assertThat(restarted.decisions().warmAges()).isEqualTo(d.warmAges());
        assertThat(restarted.decisions().hotBands()).isEqualTo(d.hotBands());
        AccessModel stored = new AccessModelStore(ds).load().get(late);
        assertThat(stored.daysFolded()).isEqualTo(14);
        assertThat(stored.recordsObserved()).isEqualTo(14L * PER_DAY);

        // The same models in fixed mode decide nothing: every tenant at the fixed age, nothing pre-promoted.
        PredictiveTiering fixed = tiering(TieringPolicy.Mode.FIXED);
        fixed.refresh();
        assertThat(fixed.decisions().warmAges()).containsEntry(late, FIXED).containsEntry(never, FIXED);
        assertThat(fixed.decisions().hotBands()).isEmpty();
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
