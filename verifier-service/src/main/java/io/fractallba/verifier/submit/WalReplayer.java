package io.fractallba.verifier.submit;

import io.fractallba.verifier.metrics.VerifierMetrics;
import io.fractallba.verifier.publish.EventOutbox;
import io.fractallba.verifier.publish.OutboxFactory;
import io.fractallba.verifier.tenant.Tenant;
import io.fractallba.verifier.tenant.TenantRegistry;
import io.fractallba.verifier.wal.InboxWal;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Finishes WAL records that were left unsettled, and reaches the outcome a live request would have reached:
 * <ul>
 * <li>records a crash interrupted, at start-up: each is processed again (same decision, same first-write-wins store);
 * if it was the record that stored the outcome, its event is published unless the topic already has it;</li>
 * <li>records whose dedup write was ambiguous while running: a Redis call that timed out may still have stored this
 * request's response. A retry by the client is then answered as a duplicate of a response whose event was never
 * published, so the record is processed again in the background until the store answers.</li>
 * </ul>
 * Both retry while Redis or the durable tiers are unreachable; a record is marked done only once settled.
 */
@ApplicationScoped
public class WalReplayer {

    private static final Logger LOG = Logger.getLogger(WalReplayer.class);
    private static final long SCAN_MARGIN_MILLIS = 5 * 60_000;
    private static final long MAX_BACKOFF_MILLIS = 10_000;

    private final VerifierRuntime runtime;
    private final SubmissionProcessor processor;
    private final TenantRegistry tenants;
    private final OutboxFactory kafka;
    private final VerifierMetrics metrics;
    private final BlockingQueue<InboxWal.Pending> ambiguous = new LinkedBlockingQueue<>();
    private volatile boolean finished;
    private Thread settler;

    public WalReplayer(VerifierRuntime runtime, SubmissionProcessor processor, TenantRegistry tenants,
                       OutboxFactory kafka, VerifierMetrics metrics) {
        this.runtime = runtime;
        this.processor = processor;
        this.tenants = tenants;
        this.kafka = kafka;
        this.metrics = metrics;
    }

    /** True once the records recovered at start-up are settled. */
    public boolean finished() {
        return finished;
    }

    void start(List<InboxWal.Pending> pending) {
        if (pending.isEmpty()) {
            finished = true;
            return;
        }
        Thread t = new Thread(() -> replayUntilDone(pending), "wal-replay");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Settles, in the background, a record whose dedup write failed but may have been executed (the client was told
     * 503). Left in the WAL unsettled, so a crash before it is settled leaves it to the start-up replay.
     */
    void settleLater(InboxWal.Pending record) {
        metrics.count("flk_verifier_dedup_ambiguous", "Requests whose dedup call failed after it may have stored a response");
        ambiguous.add(record);
        synchronized (this) {
            if (settler == null) {
                settler = new Thread(this::settleAmbiguous, "wal-settle");
                settler.setDaemon(true);
                settler.start();
            }
        }
    }

    private void settleAmbiguous() {
        try {
            while (true) {
                settle(ambiguous.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Re-processes one record until the store answers; backs off on every failure, the store's or another. */
    private void settle(InboxWal.Pending p) throws InterruptedException {
        long backoff = 200;
        while (true) {
            try {
                // This process never enqueued the record's event (its request ended in a 503), so no topic scan.
                reprocess(p).ifPresentOrElse(runtime.outbox()::enqueue, () -> runtime.wal().markDone(p.position().seq()));
                return;
            } catch (RuntimeException e) {
                if (!(e instanceof DedupStillUnavailable)) {
                    LOG.warnf("settling an ambiguous request failed, retrying: %s", e.getMessage());
                }
                Thread.sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    private void replayUntilDone(List<InboxWal.Pending> pending) {
        long backoff = 500;
        while (true) {
            try {
                replay(pending);
                finished = true;
                return;
            } catch (RuntimeException e) {
                LOG.warnf("WAL replay of %d request(s) failed, retrying in %d ms: %s", pending.size(), backoff, e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    private void replay(List<InboxWal.Pending> pending) {
        InboxWal wal = runtime.wal();
        List<EventOutbox.Item> candidates = new ArrayList<>();
        List<Long> settled = new ArrayList<>();
        long oldest = Long.MAX_VALUE;
        for (InboxWal.Pending p : pending) {
            Optional<EventOutbox.Item> event = reprocess(p);
            if (event.isPresent()) {
                candidates.add(event.get());
                oldest = Math.min(oldest, p.entry().receivedAtMillis());
            } else {
                settled.add(p.position().seq());
            }
        }
        Set<String> keys = new HashSet<>();
        candidates.forEach(c -> keys.add(c.key()));
        Set<String> published = kafka.alreadyPublished(keys, oldest - SCAN_MARGIN_MILLIS);
        int republished = 0;
        for (EventOutbox.Item c : candidates) {
            if (published.contains(c.key())) {
                settled.add(c.walSeq());
            } else {
                runtime.outbox().enqueue(c);
                republished++;
            }
        }
        settled.forEach(wal::markDone);
        LOG.infof("WAL replay: %d unfinished request(s), %d event(s) re-published, %d already on the topic",
                pending.size(), republished, published.size());
    }

    /** The record's event when this record stored the first response, else empty (nothing left to do for it). */
    private Optional<EventOutbox.Item> reprocess(InboxWal.Pending p) {
        Optional<Tenant> tenant = tenants.resolve(p.entry().tenant());
        if (tenant.isEmpty()) {
            return Optional.empty(); // tenant removed since: the request was never acknowledged
        }
        String origin = runtime.origin(p.position().seq());
        SubmissionProcessor.Processed r = processor.process(tenant.get(), p.entry().keyIdHint(),
                Instant.ofEpochMilli(p.entry().receivedAtMillis()), p.entry().body(), p.position(), origin);
        if (r.dedupFailed()) {
            throw new DedupStillUnavailable();
        }
        if (r.event() != null && r.stored() != null && origin.equals(r.stored().origin())) {
            return Optional.of(new EventOutbox.Item(r.eventKey(), r.event(), p.position().seq(), 0));
        }
        return Optional.empty();
    }

    private static final class DedupStillUnavailable extends RuntimeException {
        DedupStillUnavailable() {
            super("dedup store unavailable", null, false, false);
        }
    }
}
