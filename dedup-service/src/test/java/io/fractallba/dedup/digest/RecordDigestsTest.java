package io.fractallba.dedup.digest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.dedup.cold.ColdArchive;
import io.fractallba.dedup.cold.FilesystemObjectStore;
import io.fractallba.dedup.runtime.DedupMetrics;
import io.fractallba.dedup.runtime.Housekeeping;
import io.fractallba.dedup.store.DedupRecord;
import io.fractallba.dedup.store.WarmStore;
import io.fractallba.pcs.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Two "regions" (schemas) holding the same records must digest alike; any difference in keys or outcomes must not. */
class RecordDigestsTest {

    private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

    @TempDir
    Path coldDir;

    private final String schemaA = TestDatabase.freshSchemaName("dedup");
    private final String schemaB = TestDatabase.freshSchemaName("dedup");
    private final DataSource a = TestDatabase.migrate(schemaA);
    private final DataSource b = TestDatabase.migrate(schemaB);

    @AfterEach
    void drop() {
        TestDatabase.drop(schemaA);
        TestDatabase.drop(schemaB);
    }

    private static List<DedupRecord> records(String origin, int n) {
        List<DedupRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = String.format("%016x", (long) i * 0x9E3779B97F4A7C15L >>> 1);
            out.add(new DedupRecord("acme", id, T0.plusSeconds(i), origin + ":" + i, i % 5 == 0 ? 202 : 200,
                    ("{\"pcs_id\":\"" + id + "\",\"n\":" + (i % 5) + "}").getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    @Test
    void sameRecordsSameDigestWhateverTheOriginTierOrOrder() throws Exception {
        List<DedupRecord> recs = records("wal", 300);
        new WarmStore(a).insertFirst(recs);
        List<DedupRecord> reversed = new ArrayList<>(records("crr/eu/wal", 300));
        java.util.Collections.reverse(reversed);
        new WarmStore(b).insertFirst(reversed);
        // Region B's older records moved to the cold archive: their bodies leave the table, their digest stays.
        Housekeeping hk = new Housekeeping(new WarmStore(b), new ColdArchive(new FilesystemObjectStore(coldDir),
                new ObjectMapper()), new DedupMetrics(new SimpleMeterRegistry()), Duration.ofSeconds(100), Map.of(),
                Duration.ofDays(30), 50, Clock.fixed(T0.plusSeconds(300), ZoneOffset.UTC));
        assertThat(hk.demote()).isGreaterThan(0);

        RecordDigests da = new RecordDigests(a);
        RecordDigests db = new RecordDigests(b);
        Instant from = T0.minusSeconds(1);
        Instant to = T0.plusSeconds(1000);
        assertThat(db.byTenant(from, to)).isEqualTo(da.byTenant(from, to));
        assertThat(da.byTenant(from, to).get(0).count()).isEqualTo(300);

        // A key range splits a digest's records exactly.
        String mid = "4";
        long left = da.range("acme", from, to, "", mid).count();
        long right = da.range("acme", from, to, mid, null).count();
        assertThat(left + right).isEqualTo(300);
        assertThat(left).isBetween(1L, 299L);
        assertThat(da.range("acme", from, to, "", mid)).isEqualTo(db.range("acme", from, to, "", mid));
        assertThat(da.keys("acme", from, to, "", mid, 1000)).isEqualTo(db.keys("acme", from, to, "", mid, 1000));
    }

    @Test
    void aMissingRecordOrAnotherOutcomeChangesTheDigestOfItsRangeOnly() throws Exception {
        new WarmStore(a).insertFirst(records("wal", 100));
        new WarmStore(b).insertFirst(records("wal", 100));
        String victim = records("wal", 100).get(37).pcsId();
        String changed = records("wal", 100).get(61).pcsId();
        try (Connection c = b.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM records WHERE pcs_id = '" + victim + "'");
            s.execute("UPDATE records SET status = 202, body = convert_to('{\"escalated\":true}', 'UTF8') WHERE pcs_id = '"
                    + changed + "'");
        }
        RecordDigests da = new RecordDigests(a);
        RecordDigests db = new RecordDigests(b);
        Instant from = T0;
        Instant to = T0.plusSeconds(100);
        assertThat(db.byTenant(from, to).get(0).root()).isNotEqualTo(da.byTenant(from, to).get(0).root());
        assertThat(db.byTenant(from, to).get(0).count()).isEqualTo(99);
        // Ranges without either key still agree; the ranges holding them do not.
        String lo = min(victim, changed);
        String hi = max(victim, changed);
        assertThat(db.range("acme", from, to, "", lo)).isEqualTo(da.range("acme", from, to, "", lo));
        assertThat(db.range("acme", from, to, lo, lo + "0")).isNotEqualTo(da.range("acme", from, to, lo, lo + "0"));
        assertThat(db.range("acme", from, to, hi, hi + "0")).isNotEqualTo(da.range("acme", from, to, hi, hi + "0"));
        // A window that excludes both agrees too.
        Instant early = T0.plusSeconds(Math.min(37, 61));
        assertThat(db.byTenant(from, early)).isEqualTo(da.byTenant(from, early));
    }

    private static String min(String x, String y) {
        return x.compareTo(y) < 0 ? x : y;
    }

    private static String max(String x, String y) {
        return x.compareTo(y) < 0 ? y : x;
    }
}
