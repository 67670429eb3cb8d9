package io.fractallba.audit.anchor;

import io.fractallba.audit.log.LogStore;
import io.fractallba.audit.log.StoredCheckpoint;
import io.fractallba.audit.runtime.AuditMetrics;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Anchors every checkpoint to every configured anchor, one checkpoint at a time per anchor and in order (a witness
 * must see sizes grow). Failures are retried with exponential backoff and full jitter; after the last attempt the
 * checkpoint gets a {@code dead} receipt, goes to the DLQ and counts in {@code flk_audit_anchor_total{result="dead"}}.
 * Receipts are the durable progress: after a restart, what has none is anchored again.
 */
public final class AnchorDispatcher {

    private static final Logger LOG = Logger.getLogger(AnchorDispatcher.class);

    private final List<Anchor> anchors;
    private final LogStore store;
    private final AuditMetrics metrics;
    private final ScheduledExecutorService executor;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final BiConsumer<StoredCheckpoint, String> deadLetter;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Attribution attribution;
    private final Map<String, Boolean> backingOff = new ConcurrentHashMap<>();

    /**
     * Reports an anchoring operation's cost before its receipt is written: a crash in between anchors and reports
     * again, with the same usage ids, so the cost-service counts it once.
     */
    public interface Attribution {
        void anchored(String anchor, StoredCheckpoint cp) throws Exception;
    }

    public AnchorDispatcher(List<Anchor> anchors, LogStore store, AuditMetrics metrics, ScheduledExecutorService executor,
                            int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                            BiConsumer<StoredCheckpoint, String> deadLetter) {
        this(anchors, store, metrics, executor, maxAttempts, initialBackoff, maxBackoff, deadLetter, (a, cp) -> { });
    }

    public AnchorDispatcher(List<Anchor> anchors, LogStore store, AuditMetrics metrics, ScheduledExecutorService executor,
                            int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                            BiConsumer<StoredCheckpoint, String> deadLetter, Attribution attribution) {
        this.attribution = attribution;
        this.anchors = List.copyOf(anchors);
        this.store = store;
        this.metrics = metrics;
        this.executor = executor;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.deadLetter = deadLetter;
        submit();
    }

    public List<Anchor> anchors() {
        return anchors;
    }

    /** A new checkpoint exists: every anchor not waiting out a backoff catches up from its last receipt. */
    public void submit() {
        for (Anchor a : anchors) {
            executor.execute(() -> {
                if (!backingOff.containsKey(a.name())) {
                    drain(a);
                }
            });
        }
    }

    /** Anchors, oldest first, the checkpoints {@code anchor} holds no receipt for; retries the head on failure. */
    private synchronized void drain(Anchor anchor) {
        backingOff.remove(anchor.name());
        while (true) {
            int attempts = failures.getOrDefault(anchor.name(), 0);
            List<StoredCheckpoint> owed;
            try {
                owed = store.unanchored(anchor.name(), 100);
            } catch (Exception e) {
                LOG.warnf("anchor %s: cannot read pending checkpoints: %s", anchor.name(), e.toString());
                retryLater(anchor, attempts + 1);
                return;
            }
            if (owed.isEmpty()) {
                return;
            }
            StoredCheckpoint cp = owed.get(0);
            try {
                String receipt = anchor.anchor(cp);
                attribution.anchored(anchor.name(), cp);
                store.insertReceipt(cp.treeSize(), anchor.name(), "anchored", attempts + 1, receipt);
                metrics.anchorResult(anchor.name(), "ok").increment();
                failures.remove(anchor.name());
            } catch (Exception e) {
                attempts++;
                String error = e.getMessage() == null ? e.toString() : e.getMessage();
                if (attempts >= maxAttempts) {
                    LOG.errorf("anchor %s gave up on checkpoint %d after %d attempts: %s", anchor.name(),
                            cp.treeSize(), attempts, error);
                    try {
                        store.insertReceipt(cp.treeSize(), anchor.name(), "dead", attempts, error);
                        deadLetter.accept(cp, anchor.name() + ": " + error);
                    } catch (Exception recordFailure) {
                        LOG.warnf("anchor %s: cannot record the dead receipt: %s", anchor.name(), recordFailure.toString());
                        retryLater(anchor, attempts);
                        return;
                    }
                    metrics.anchorResult(anchor.name(), "dead").increment();
                    failures.remove(anchor.name());
                    continue;
                }
                failures.put(anchor.name(), attempts);
                metrics.anchorResult(anchor.name(), "retry").increment();
                retryLater(anchor, attempts);
                return;
            }
        }
    }

    private void retryLater(Anchor anchor, int attempts) {
        long cap = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempts, 20));
        long delay = ThreadLocalRandom.current().nextLong(cap + 1);
        backingOff.put(anchor.name(), Boolean.TRUE);
        executor.schedule(() -> drain(anchor), delay, TimeUnit.MILLISECONDS);
    }
}
