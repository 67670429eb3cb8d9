package io.fractallba.dedup.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.dedup.cold.ColdArchive;
import io.fractallba.dedup.cold.CorruptSegmentException;
import io.fractallba.dedup.cold.FilesystemObjectStore;
import io.fractallba.dedup.store.DedupRecord;
import io.fractallba.dedup.store.WarmStore;
import io.fractallba.pcs.dedup.DedupKeys;
import io.fractallba.pcs.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.fractallba.dedup.shard.RedisNodes;
import io.fractallba.dedup.shard.RoutingStore;
import io.fractallba.pcs.dedup.ShardLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The durable tiers against the real Postgres and a filesystem object store: first write wins, demotion, corruption. */
class DedupTiersTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    @TempDir
    Path coldDir;

    private final String schema = TestDatabase.freshSchemaName("dedup");
    private final DataSource ds = TestDatabase.migrate(schema);
    private final WarmStore warm = new WarmStore(ds);
    private final DedupMetrics metrics = new DedupMetrics(new SimpleMeterRegistry());

    @AfterEach
    void drop() {
        TestDatabase.drop(schema);
    }

    @Test
    void firstWriteWinsUnderConcurrentWriters() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> jobs = new ArrayList<>();
        for (int writer = 0; writer < 6; writer++) {
            int w = writer;
            Callable<Integer> job = () -> {
                int inserted = 0;
                for (int i = 0; i < ids.size(); i += 20) {
                    List<DedupRecord> batch = new ArrayList<>();
                    for (String id : ids.subList(i, i + 20)) {
                        batch.add(record("acme", id, NOW, "writer-" + w));
                    }
                    inserted += warm.insertFirst(batch);
                }
                return inserted;
            };
            jobs.add(pool.submit(job));
        }
        int total = 0;
        for (Future<Integer> f : jobs) {
            total += f.get();
        }
        pool.shutdown();
        assertThat(total).as("each key inserted by exactly one writer").isEqualTo(200);
        assertThat(warm.countByTier()).containsEntry("warm", 200L);
        for (String id : ids.subList(0, 10)) {
            String winner = warm.find("acme", id).orElseThrow().record().origin();
            assertThat(warm.insertFirst(List.of(record("acme", id, NOW, "late")))).isZero();
            assertThat(warm.find("acme", id).orElseThrow().record().origin()).isEqualTo(winner);
        }
        // Tenants are separate namespaces.
        assertThat(warm.insertFirst(List.of(record("beta", ids.get(0), NOW, "beta")))).isEqualTo(1);
    }

    @Test
    void aDuplicateIsAnsweredFromColdAfterDemotionAndTheRecordComesBack() throws Exception {
        ColdArchive cold = new ColdArchive(new FilesystemObjectStore(coldDir), new ObjectMapper());
        Housekeeping hk = housekeeping(cold, Duration.ofDays(3), Map.of("fast", Duration.ofHours(1)));
        warm.insertFirst(List.of(record("acme", "old", NOW.minus(Duration.ofDays(4)), "o1"),
                record("acme", "young", NOW.minus(Duration.ofDays(1)), "o2"),
                record("fast", "f1", NOW.minus(Duration.ofHours(2)), "o3")));

        assertThat(hk.demote()).isEqualTo(2);                          // acme/old (3 d) and fast/f1 (1 h)
        assertThat(warm.find("acme", "young").orElseThrow().tier()).isEqualTo("warm");
        assertThat(warm.find("acme", "old").orElseThrow().record().body()).isNull();
        try (var files = Files.list(coldDir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".ndjson.gz")).count()).isEqualTo(2);
        }

        DedupLookup lookup = new DedupLookup(null, warm, cold, metrics, t -> Duration.ofHours(1));
        DedupLookup.Found found = lookup.find("acme", "old", false, false).orElseThrow();
        assertThat(found.tier()).isEqualTo("cold");
        assertThat(found.response().origin()).isEqualTo("o1");
        assertThat(new String(found.response().body(), StandardCharsets.UTF_8)).contains("\"pcs_id\":\"old\"");
        assertThat(found.firstSeen()).isEqualTo(NOW.minus(Duration.ofDays(4)));
        // Promoted on access: the next lookup is answered from warm.
        assertThat(lookup.find("acme", "old", false, false).orElseThrow().tier()).isEqualTo("warm");
        assertThat(lookup.find("acme", "never", false, false)).isEmpty();
    }

    @Test
    void aCorruptedColdSegmentIsDetectedByItsChecksum() throws Exception {
        ColdArchive cold = new ColdArchive(new FilesystemObjectStore(coldDir), new ObjectMapper());
        warm.insertFirst(List.of(record("acme", "x", NOW.minus(Duration.ofDays(5)), "o1")));
        housekeeping(cold, Duration.ofDays(3), Map.of()).demote();
        Path segment;
        try (var files = Files.list(coldDir)) {
            segment = files.filter(f -> f.toString().endsWith(".ndjson.gz")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(segment, bytes);

        DedupLookup lookup = new DedupLookup(null, warm, cold, metrics, t -> Duration.ofHours(1));
        assertThatThrownBy(() -> lookup.find("acme", "x", false, false)).isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining("corrupt").hasMessageContaining(segment.getFileName().toString());
        assertThat(metrics.corrupt.count()).isEqualTo(1);
        assertThat(warm.find("acme", "x").orElseThrow().tier()).as("nothing was promoted from it").isEqualTo("cold");
    }

    @Test
    void retentionDeletesExpiredRecordsAndTheirEmptiedSegments() throws Exception {
        ColdArchive cold = new ColdArchive(new FilesystemObjectStore(coldDir), new ObjectMapper());
        Housekeeping hk = housekeeping(cold, Duration.ofDays(3), Map.of());
        warm.insertFirst(List.of(record("acme", "ancient", NOW.minus(Duration.ofDays(20)), "o1"),
                record("acme", "inside", NOW.minus(Duration.ofDays(10)), "o2")));
        hk.demote();
        assertThat(hk.retain()).isZero();                             // the segment still holds "inside"
        assertThat(warm.find("acme", "ancient")).isEmpty();
        assertThat(warm.find("acme", "inside")).isPresent();
    }

    @Test
    void aHitIsWrittenBackToTheHotTierInTheVerifiersFormat() throws Exception {
        String url = "redis://127.0.0.1:6379";
        try (RedisNodes redis = new RedisNodes()) {
            String id = UUID.randomUUID().toString();
            warm.insertFirst(List.of(record("acme", id, NOW, "origin-1")));
            RoutingStore routing = new RoutingStore(ds, new ShardLayout(Map.of("default", url), 1));
            DedupLookup lookup = new DedupLookup(new HotTier(routing, redis), warm,
                    new ColdArchive(new FilesystemObjectStore(coldDir), new ObjectMapper()), metrics, t -> Duration.ofMinutes(5));
            assertThat(lookup.find("acme", id, true, true).orElseThrow().tier()).isEqualTo("warm");
            String key = DedupKeys.redisKey("acme", id);
            assertThat(redis.get(url, key)).startsWith("origin-1\n200\n");
            assertThat(redis.pttl(url, key)).isBetween(1L, 300_000L);
            assertThat(lookup.find("acme", id, true, false).orElseThrow().tier()).isEqualTo("hot");
            redis.delete(url, List.of(key));
        }
    }

    private Housekeeping housekeeping(ColdArchive cold, Duration warmAge, Map<String, Duration> perTenant) {
        return new Housekeeping(warm, cold, metrics, warmAge, perTenant, Duration.ofDays(15), 1000,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static DedupRecord record(String tenant, String id, Instant seen, String origin) {
        return new DedupRecord(tenant, id, seen, origin, 200,
                ("{\"status\":\"accepted\",\"pcs_id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
