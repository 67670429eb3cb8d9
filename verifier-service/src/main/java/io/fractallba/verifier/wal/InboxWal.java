package io.fractallba.verifier.wal;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The verifier's inbox write-ahead log. Requests append INBOX records and wait for their group commit: one writer
 * thread drains every queued record, writes them with one call and makes them durable with one fsync. When a
 * request's fate is settled a DONE record is appended (not awaited: replaying a finished request is harmless).
 * Segments rotate by size; a segment whose INBOX records are all DONE is deleted after the retention time.
 * On open, every segment is read back; a torn or corrupt tail is reported and skipped, and INBOX records without a
 * DONE are returned for replay. Writing always starts in a fresh segment, so old segments are never appended to.
 */
public final class InboxWal implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InboxWal.class);
    private static final String PREFIX = "inbox-";
    private static final String SUFFIX = ".wal";
    private static final int MAX_BATCH = 2048;

    /** Where an INBOX record landed. */
    public record Position(long seq, long segment, long offset) {
    }

    /** An INBOX record that has no DONE record yet. */
    public record Pending(Position position, InboxEntry entry) {
    }

    private record Append(byte type, long doneSeq, byte[] payload, CompletableFuture<Position> result) {
    }

    private final Path dir;
    private final long segmentBytes;
    private final boolean fsync;
    private final Duration retention;
    private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>();
    // first seq of each segment -> INBOX seqs in it not yet DONE (guarded by 'this')
    private final NavigableMap<Long, Set<Long>> openInboxBySegment = new TreeMap<>();
    private final List<Pending> recovered;
    private final Thread writer;
    private volatile boolean closed;

    private FileChannel channel;
    private long segmentFirstSeq;
    private long segmentPosition;
    private long nextSeq;
    private final WalStats stats = new WalStats();

    public InboxWal(Path dir, long segmentBytes, boolean fsync, Duration retention) throws IOException {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
        this.retention = retention;
        Files.createDirectories(dir);
        this.recovered = recover();
        openSegment(nextSeq);
        this.writer = new Thread(this::writeLoop, "inbox-wal-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** INBOX records found on open without a DONE record, in sequence order. */
    public List<Pending> recovered() {
        return recovered;
    }

    public WalStats stats() {
        return stats;
    }

    /** Appends and waits until the record is durable. */
    public Position append(InboxEntry entry, Duration timeout) throws WalException {
        CompletableFuture<Position> f = new CompletableFuture<>();
        enqueue(new Append(WalRecordFormat.TYPE_INBOX, -1, entry.encode(), f));
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new WalException("WAL append failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new WalException("WAL append not durable within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WalException("interrupted while waiting for the WAL", e);
        }
    }

    /** Records that the request of INBOX record {@code seq} is settled. Not awaited. */
    public void markDone(long seq) {
        byte[] payload = ByteBuffer.allocate(8).putLong(seq).array();
        enqueue(new Append(WalRecordFormat.TYPE_DONE, seq, payload, new CompletableFuture<>()));
    }

    private void enqueue(Append a) {
        if (closed) {
            a.result().completeExceptionally(new IOException("WAL closed"));
            return;
        }
        queue.add(a);
    }

    private void writeLoop() {
        List<Append> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                Append first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("WAL writer failure", e);
                batch.forEach(a -> a.result().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Append> batch) {
        int bytes = 0;
        for (Append a : batch) {
            bytes += WalRecordFormat.size(a.payload());
        }
        List<Position> positions = new ArrayList<>(batch.size());
        try {
            if (segmentPosition > 0 && segmentPosition + bytes > segmentBytes) {
                rotate();
            }
            ByteBuffer buf = ByteBuffer.allocate(bytes);
            for (Append a : batch) {
                long seq = nextSeq++;
                positions.add(new Position(seq, segmentFirstSeq, segmentPosition + buf.position()));
                WalRecordFormat.write(buf, a.type(), seq, a.payload());
            }
            buf.flip();
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            if (fsync) {
                channel.force(false);
            }
            segmentPosition += bytes;
            stats.recordCommit(batch.size(), bytes);
        } catch (IOException e) {
            stats.recordError();
            LOG.errorf("WAL write failed in segment %d: %s", segmentFirstSeq, e.getMessage());
            batch.forEach(a -> a.result().completeExceptionally(e));
            reopenAfterError();
            return;
        }
        synchronized (this) {
            for (int i = 0; i < batch.size(); i++) {
                Append a = batch.get(i);
                if (a.type() == WalRecordFormat.TYPE_INBOX) {
                    openInboxBySegment.computeIfAbsent(segmentFirstSeq, k -> new HashSet<>()).add(positions.get(i).seq());
                } else {
                    settle(a.doneSeq());
                }
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(positions.get(i));
        }
    }

    private void settle(long inboxSeq) {
        Map.Entry<Long, Set<Long>> e = openInboxBySegment.floorEntry(inboxSeq);
        if (e != null) {
            e.getValue().remove(inboxSeq);
        }
    }

    private void reopenAfterError() {
        // A failed write may have left a partial record: continue in a fresh segment; replay skips the torn tail.
        try {
            closeChannel();
            openSegment(nextSeq);
        } catch (IOException e) {
            LOG.errorf("cannot open a new WAL segment: %s", e.getMessage());
        }
    }

    private void rotate() throws IOException {
        closeChannel();
        openSegment(nextSeq);
    }

    private void openSegment(long firstSeq) throws IOException {
        Path file = dir.resolve(String.format("%s%020d%s", PREFIX, firstSeq, SUFFIX));
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        segmentFirstSeq = firstSeq;
        segmentPosition = 0;
        synchronized (this) {
            openInboxBySegment.putIfAbsent(firstSeq, new HashSet<>());
        }
        if (fsync) {
            forceDirectory();
        }
    }

    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debugf("directory fsync not supported here: %s", e.getMessage());
        }
    }

    private void closeChannel() throws IOException {
        if (channel != null && channel.isOpen()) {
            if (fsync) {
                channel.force(false);
            }
            channel.close();
        }
    }

    /** Deletes closed segments whose INBOX records are all DONE and that are older than the retention time. */
    public int deleteExpiredSegments() {
        List<Long> deletable = new ArrayList<>();
        synchronized (this) {
            for (Map.Entry<Long, Set<Long>> e : openInboxBySegment.entrySet()) {
                if (e.getKey() != segmentFirstSeq && e.getValue().isEmpty()) {
                    deletable.add(e.getKey());
                }
            }
        }
        int deleted = 0;
        long cutoff = System.currentTimeMillis() - retention.toMillis();
        for (long first : deletable) {
            Path file = dir.resolve(String.format("%s%020d%s", PREFIX, first, SUFFIX));
            try {
                if (!Files.exists(file) || Files.getLastModifiedTime(file).toMillis() < cutoff) {
                    Files.deleteIfExists(file);
                    synchronized (this) {
                        openInboxBySegment.remove(first);
                    }
                    deleted++;
                }
            } catch (IOException e) {
                LOG.warnf("cannot delete WAL segment %s: %s", file, e.getMessage());
            }
        }
        return deleted;
    }

    private List<Pending> recover() throws IOException {
        TreeMap<Long, Path> segments = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                segments.put(Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length())), f);
            }
        }
        Map<Long, Pending> open = new LinkedHashMap<>();
        long maxSeq = -1;
        for (Map.Entry<Long, Path> s : segments.entrySet()) {
            ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(s.getValue()));
            Set<Long> inSegment = new HashSet<>();
            while (true) {
                int offset = data.position();
                WalRecordFormat.Record r;
                try {
                    r = WalRecordFormat.read(data);
                } catch (WalRecordFormat.TornRecordException e) {
                    stats.recordTornTail();
                    LOG.warnf("WAL segment %s: %s; skipping the %d bytes after it", s.getValue().getFileName(),
                            e.getMessage(), data.limit() - e.offset);
                    break;
                }
                if (r == null) {
                    break;
                }
                maxSeq = Math.max(maxSeq, r.seq());
                if (r.type() == WalRecordFormat.TYPE_INBOX) {
                    open.put(r.seq(), new Pending(new Position(r.seq(), s.getKey(), offset), InboxEntry.decode(r.payload())));
                    inSegment.add(r.seq());
                } else {
                    long done = ByteBuffer.wrap(r.payload()).getLong();
                    open.remove(done);
                    Map.Entry<Long, Set<Long>> owner = openInboxBySegment.floorEntry(done);
                    if (owner != null) {
                        owner.getValue().remove(done);
                    }
                    inSegment.remove(done);
                }
            }
            openInboxBySegment.put(s.getKey(), inSegment);
        }
        nextSeq = Math.max(maxSeq + 1, segments.isEmpty() ? 0 : segments.lastKey() + 1);
        return List.copyOf(open.values());
    }

    @Override
    public void close() throws IOException {
        closed = true;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeChannel();
    }
}
