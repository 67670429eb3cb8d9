package io.fractallba.verifier.submit;

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

/**
 * Finishes the requests a crash interrupted. Each unfinished WAL record is processed again (same decision, same
 * first-write-wins store); if this record was the one that stored the outcome, its event is published unless the
 * topic already has it. Runs in the background and retries while Redis or Kafka are unreachable.
 */
@ApplicationScoped
public class WalReplayer {

    private static final Logger LOG = Logger.getLogger(WalReplayer.class);
    private static final long SCAN_MARGIN_MILLIS = 5 * 60_000;

    private final VerifierRuntime runtime;
    private final SubmissionProcessor processor;
    private final TenantRegistry tenants;
    private final OutboxFactory kafka;
    private volatile boolean finished;

    public WalReplayer(VerifierRuntime runtime, SubmissionProcessor processor, TenantRegistry tenants, OutboxFactory kafka) {
        this.runtime = runtime;
        this.processor = processor;
        this.tenants = tenants;
        this.kafka = kafka;
    }

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
                backoff = Math.min(10_000, backoff * 2);
            }
        }
    }

    private void replay(List<InboxWal.Pending> pending) {
        InboxWal wal = runtime.wal();
        List<EventOutbox.Item> candidates = new ArrayList<>();
        List<Long> settled = new ArrayList<>();
        long oldest = Long.MAX_VALUE;
        for (InboxWal.Pending p : pending) {
            Optional<Tenant> tenant = tenants.resolve(p.entry().tenant());
            if (tenant.isEmpty()) {
                settled.add(p.position().seq()); // tenant removed since: the request was never acknowledged
                continue;
            }
            String origin = runtime.origin(p.position().seq());
            SubmissionProcessor.Processed r = processor.process(tenant.get(), p.entry().keyIdHint(),
                    Instant.ofEpochMilli(p.entry().receivedAtMillis()), p.entry().body(), p.position(), origin);
            if (r.result().status() == 503) {
                throw new IllegalStateException("dedup store unavailable during replay");
            }
            if (r.event() != null && r.stored() != null && origin.equals(r.stored().origin())) {
                candidates.add(new EventOutbox.Item(r.eventKey(), r.event(), p.position().seq(), 0));
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
}
