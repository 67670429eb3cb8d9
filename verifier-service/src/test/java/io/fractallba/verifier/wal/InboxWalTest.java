package io.fractallba.verifier.wal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The inbox WAL on a real file system: framing, group commit, replay, torn tails, rotation and retention. */
class InboxWalTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private static InboxEntry entry(String body) {
        return new InboxEntry("tenant-\u00fc", body.contains("third") ? "key-1" : null, 1_700_000_000_000L,
                body.getBytes(StandardCharsets.UTF_8));
    }

    private InboxWal open(long segmentBytes, Duration retention) throws IOException {
        return new InboxWal(dir, segmentBytes, true, retention);
    }

    @Test
    void unfinishedRecordsAreReplayedWithTheirExactBodies() throws Exception {
        List<Long> seqs = new ArrayList<>();
        try (InboxWal wal = open(1 << 20, Duration.ofHours(1))) {
            // Bodies may contain newlines: framing is by length, not by line.
            for (String b : List.of("{\"a\":\n1}", "second", "{\"third\":\"\\n\"}\n\n")) {
                seqs.add(wal.append(entry(b), WAIT).seq());
            }
            wal.markDone(seqs.get(1));
        }
        try (InboxWal wal = open(1 << 20, Duration.ofHours(1))) {
            List<InboxWal.Pending> pending = wal.recovered();
            assertThat(pending).extracting(p -> p.position().seq()).containsExactly(seqs.get(0), seqs.get(2));
            assertThat(new String(pending.get(0).entry().body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":\n1}");
            assertThat(pending.get(1).entry().tenant()).isEqualTo("tenant-\u00fc");
            assertThat(pending.get(1).entry().keyIdHint()).isEqualTo("key-1");
            assertThat(pending.get(0).entry().keyIdHint()).isNull();
            // New records continue the sequence in a fresh segment.
            assertThat(wal.append(entry("next"), WAIT).seq()).isGreaterThan(seqs.get(2));
        }
    }

    @Test
    void tornLastRecordIsDetectedAndSkippedNeverMisParsed() throws Exception {
        try (InboxWal wal = open(1 << 20, Duration.ofHours(1))) {
            wal.append(entry("complete-1"), WAIT);
            wal.append(entry("complete-2"), WAIT);
        }
        Path segment = segments().get(0);
        long size = Files.size(segment);
        // A crash mid-write: the last record loses its last 3 bytes.
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.setLength(size - 3);
        }
        try (InboxWal wal = open(1 << 20, Duration.ofHours(1))) {
            assertThat(wal.recovered()).extracting(p -> new String(p.entry().body(), StandardCharsets.UTF_8))
                    .containsExactly("complete-1");
            assertThat(wal.stats().tornTails.get()).isEqualTo(1);
        }
    }

    @Test
    void flippedByteFailsTheChecksum() throws Exception {
        try (InboxWal wal = open(1 << 20, Duration.ofHours(1))) {
            wal.append(entry("payload-one"), WAIT);
            wal.append(entry("payload-two"), WAIT);
        }
        Path segment = segments().get(0);
        byte[] data = Files.readAllBytes(segment);
        data[data.length - 2] ^= 0x01; // inside the second record's body
        Files.write(segment, data);
        try (InboxWal wal = open(1 << 20, Duration.ofHours(1))) {
            assertThat(wal.recovered()).hasSize(1);
            assertThat(wal.stats().tornTails.get()).isEqualTo(1);
        }
    }

    @Test
    void concurrentAppendsShareFsyncs() throws Exception {
        try (InboxWal wal = open(1 << 24, Duration.ofHours(1))) {
            ExecutorService pool = Executors.newFixedThreadPool(32);
            List<Future<InboxWal.Position>> futures = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                String body = "body-" + i;
                futures.add(pool.submit(() -> wal.append(entry(body), WAIT)));
            }
            for (Future<InboxWal.Position> f : futures) {
                f.get();
            }
            pool.shutdown();
            assertThat(wal.stats().records.get()).isEqualTo(2000);
            assertThat(wal.stats().commits.get()).isLessThan(2000); // group commit: fewer fsyncs than records
        }
        try (InboxWal wal = open(1 << 24, Duration.ofHours(1))) {
            assertThat(wal.recovered()).hasSize(2000);
        }
    }

    @Test
    void segmentsRotateAndFinishedOnesAreDeletedAfterRetention() throws Exception {
        try (InboxWal wal = open(256, Duration.ZERO)) {
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                seqs.add(wal.append(entry("x".repeat(100) + i), WAIT).seq());
            }
            assertThat(segments().size()).isGreaterThan(5);
            // One unfinished record keeps its segment; everything else may go.
            for (long s : seqs.subList(1, seqs.size())) {
                wal.markDone(s);
            }
            wal.append(entry("flush"), WAIT); // DONE records are written before this one completes
            int before = segments().size();
            int deleted = wal.deleteExpiredSegments();
            assertThat(deleted).isPositive();
            assertThat(segments().size()).isEqualTo(before - deleted);
        }
        try (InboxWal wal = open(256, Duration.ZERO)) {
            assertThat(wal.recovered()).extracting(p -> new String(p.entry().body(), StandardCharsets.UTF_8))
                    .containsExactly("x".repeat(100) + 0, "flush");
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".wal")).sorted().toList();
        }
    }
}
