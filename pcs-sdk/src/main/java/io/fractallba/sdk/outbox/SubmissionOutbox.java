package io.fractallba.sdk.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The agent's durable outbox: a PCS is written and fsynced here before it is sent, removed when the verifier
 * acknowledges it (200/202), kept for the next attempt otherwise, and moved to {@code dead/} with the reason when
 * it can never succeed. One file per entry, written to a temporary name and renamed, so a crash leaves either the
 * whole entry or nothing; removing acknowledged entries is the compaction.
 */
public final class SubmissionOutbox {

    /** A pending submission: its file and body. */
    public record Entry(Path file, byte[] body) {
    }

    private final Path dir;
    private final Path dead;
    private final AtomicLong seq;

    public SubmissionOutbox(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.dead = Files.createDirectories(dir.resolve("dead"));
        // Continue after every name in use, dead letters included, so no entry ever overwrites another.
        long max = Math.max(pending().stream().mapToLong(e -> sequenceOf(e.file())).max().orElse(0),
                deadLetters().stream().mapToLong(SubmissionOutbox::sequenceOf).max().orElse(0));
        this.seq = new AtomicLong(max);
    }

    /** Makes the body durable; returns its entry. */
    public Entry append(byte[] body) throws IOException {
        Path file = dir.resolve(String.format("%020d.pcs", seq.incrementAndGet()));
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(body);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        move(tmp, file);
        syncDirectory();
        return new Entry(file, body.clone());
    }

    /** Entries not yet acknowledged, oldest first (what a restarted agent resends). */
    public List<Entry> pending() throws IOException {
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".pcs")).sorted().toList()) {
                out.add(new Entry(f, Files.readAllBytes(f)));
            }
        }
        return out;
    }

    public void acknowledge(Entry e) throws IOException {
        Files.deleteIfExists(e.file());
    }

    /** Gives up on an entry: it moves to dead/ with a {@code .reason} file beside it. */
    public void deadLetter(Entry e, String reason) throws IOException {
        Path target = dead.resolve(e.file().getFileName());
        move(e.file(), target);
        Files.writeString(dead.resolve(e.file().getFileName() + ".reason"), reason + "\n", StandardCharsets.UTF_8);
    }

    public List<Path> deadLetters() throws IOException {
        try (Stream<Path> files = Files.list(dead)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".pcs")).sorted().toList();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // not every file system lets a directory be synced; the entry's own fsync already happened
        }
    }

    private static long sequenceOf(Path f) {
        String name = f.getFileName().toString();
        return Long.parseLong(name.substring(0, name.indexOf('.')));
    }
}
