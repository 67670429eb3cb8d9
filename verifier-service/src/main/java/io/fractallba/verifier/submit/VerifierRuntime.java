package io.fractallba.verifier.submit;

import io.fractallba.verifier.config.VerifierConfig;
import io.fractallba.verifier.publish.EventOutbox;
import io.fractallba.verifier.publish.OutboxFactory;
import io.fractallba.verifier.wal.InboxWal;
import io.fractallba.verifier.wal.WalStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Owns the WAL and the outbox for the life of the process: opens the WAL (recovering what it holds), starts the
 * replay of unfinished requests, deletes expired segments, and on shutdown drains the outbox before closing.
 */
@ApplicationScoped
public class VerifierRuntime {

    private static final Logger LOG = Logger.getLogger(VerifierRuntime.class);

    private final InboxWal wal;
    private final EventOutbox outbox;
    private final String instanceId;
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wal-housekeeping");
        t.setDaemon(true);
        return t;
    });

    public VerifierRuntime(VerifierConfig config, OutboxFactory outboxes, MeterRegistry metrics) {
        Path dir = Path.of(config.wal().dir());
        try {
            this.wal = new InboxWal(dir, config.wal().segmentBytes(), config.wal().fsync(), config.wal().retention());
            this.instanceId = instanceId(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the inbox WAL in " + dir.toAbsolutePath(), e);
        }
        this.outbox = outboxes.create(wal);
        bindWalMetrics(metrics, wal.stats());
        LOG.infof("inbox WAL at %s: %d unfinished request(s) to replay", dir.toAbsolutePath(), wal.recovered().size());
    }

    void onStart(@Observes StartupEvent ev, WalReplayer replayer) {
        replayer.start(wal.recovered());
        housekeeping.scheduleWithFixedDelay(wal::deleteExpiredSegments, 1, 1, TimeUnit.MINUTES);
    }

    void onStop(@Observes ShutdownEvent ev) {
        housekeeping.shutdownNow();
        outbox.close();
        try {
            wal.close();
        } catch (IOException e) {
            LOG.warnf("closing the WAL: %s", e.getMessage());
        }
    }

    public InboxWal wal() {
        return wal;
    }

    public EventOutbox outbox() {
        return outbox;
    }

    /** Stable id of this WAL (survives restarts), written into stored responses as their origin. */
    public String origin(long seq) {
        return instanceId + ":" + seq;
    }

    private static String instanceId(Path dir) throws IOException {
        Path f = dir.resolve("instance-id");
        if (Files.exists(f)) {
            return Files.readString(f, StandardCharsets.UTF_8).trim();
        }
        String id = UUID.randomUUID().toString();
        Files.writeString(f, id, StandardCharsets.UTF_8);
        return id;
    }

    private static void bindWalMetrics(MeterRegistry r, WalStats s) {
        FunctionCounter.builder("flk_verifier_wal_commits", s.commits, java.util.concurrent.atomic.AtomicLong::get)
                .description("Group commits (one write and one fsync each)").register(r);
        FunctionCounter.builder("flk_verifier_wal_records", s.records, java.util.concurrent.atomic.AtomicLong::get)
                .description("Records written to the WAL").register(r);
        FunctionCounter.builder("flk_verifier_wal_bytes", s.bytes, java.util.concurrent.atomic.AtomicLong::get)
                .description("Bytes written to the WAL").register(r);
        FunctionCounter.builder("flk_verifier_wal_errors", s.errors, java.util.concurrent.atomic.AtomicLong::get)
                .description("WAL write or fsync failures").register(r);
        FunctionCounter.builder("flk_verifier_wal_torn_records", s.tornTails, java.util.concurrent.atomic.AtomicLong::get)
                .description("Torn or corrupt records found (and skipped) when opening the WAL").register(r);
    }
}
