package io.fractallba.crr.ship;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.fractallba.crr.config.ReplicationPolicy;
import io.fractallba.crr.ledger.Ledger;
import io.fractallba.crr.ledger.LedgerEntry;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Ships this region's own records to one peer, in ledger order, from the peer's persisted watermark. The watermark
 * moves only after the peer answered for the whole batch (its verifier answers after its broker acknowledged), so a
 * crash or a cut link replays at most the unacknowledged batch, which the peer recognises ({@code republished} or
 * {@code present}): no record is lost and none is applied twice.
 */
public final class PeerShipper implements Runnable {

    private static final Logger LOG = Logger.getLogger(PeerShipper.class);

    /** What the status API shows. */
    public record Status(@JsonProperty("peer") String peer, @JsonProperty("watermark") long watermark,
                         @JsonProperty("rpo_seconds") double rpoSeconds, @JsonProperty("up") boolean up,
                         @JsonProperty("last_error") String lastError,
                         @JsonProperty("last_acknowledged_at") String lastAcknowledgedAt) {
    }

    private final String peer;
    private final String verifierUrl;
    private final Ledger ledger;
    private final PeerClient client;
    private final ReplicationPolicy policy;
    private final CrrMetrics metrics;
    private final int batchSize;
    private final Duration idlePoll;
    private final Backoff backoff;
    private volatile boolean running = true;
    private volatile long watermark = -1;
    private volatile String lastError;
    private volatile Instant lastAck;

    public PeerShipper(String peer, String verifierUrl, Ledger ledger, PeerClient client, ReplicationPolicy policy,
                       CrrMetrics metrics, int batchSize, Duration idlePoll, Backoff backoff) {
        this.peer = peer;
        this.verifierUrl = verifierUrl;
        this.ledger = ledger;
        this.client = client;
        this.policy = policy;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.idlePoll = idlePoll;
        this.backoff = backoff;
    }

    @Override
    public void run() {
        while (running) {
            try {
                if (!shipOnce()) {
                    Thread.sleep(idlePoll.toMillis());
                }
                backoff.reset();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                lastError = e.getMessage();
                metrics.shipFailed(peer);
                metrics.peerUp(peer, false);
                long delay = backoff.nextDelayMillis();
                if (backoff.failures() == 1 || backoff.failures() % 20 == 0) {
                    LOG.warnf("shipping to %s failed (%d in a row, next try in %d ms): %s", peer, backoff.failures(),
                            delay, e.getMessage());
                }
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Ships one batch; false when there was nothing to ship. */
    boolean shipOnce() throws Exception {
        if (watermark < 0) {
            watermark = ledger.watermark(peer);
        }
        List<LedgerEntry> rows = ledger.localAfter(watermark, batchSize);
        if (rows.isEmpty()) {
            metrics.rpo(peer, null);
            metrics.peerUp(peer, true);
            return false;
        }
        metrics.rpo(peer, rows.get(0).receivedAt());
        List<LedgerEntry> eligible = new ArrayList<>(rows.size());
        for (LedgerEntry e : rows) {
            if (policy.replicates(e.tenant(), peer)) {
                eligible.add(e);
            }
        }
        if (!eligible.isEmpty()) {
            List<JsonNode> results = client.apply(verifierUrl, eligible.stream().map(LedgerEntry::event).toList());
            Instant acked = Instant.now();
            for (int i = 0; i < results.size(); i++) {
                String result = results.get(i).path("result").asText("unknown");
                metrics.shipped(peer, result);
                switch (result) {
                    case "applied", "republished", "present" -> metrics.lag(peer,
                            Duration.between(eligible.get(i).receivedAt(), acked).toNanos() / 1e9);
                    default -> LOG.warnf("%s did not apply %s: %s %s", peer, eligible.get(i).key(), result,
                            results.get(i).path("reason").asText(""));
                }
            }
        }
        long last = rows.get(rows.size() - 1).seq();
        ledger.advance(peer, last);
        watermark = last;
        if (rows.size() < batchSize) {
            metrics.rpo(peer, null);   // all that was waiting is acknowledged; the next round looks again
        }
        lastAck = Instant.now();
        lastError = null;
        metrics.peerUp(peer, true);
        return true;
    }

    public Status status() {
        return new Status(peer, watermark, metrics.rpoMillis(peer) / 1000.0, lastError == null, lastError,
                lastAck == null ? null : lastAck.toString());
    }

    public void stop() {
        running = false;
    }
}
