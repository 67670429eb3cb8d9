package io.fractallba.crr.ship;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The shipper's metrics ({@code flk_crr_*}, docs/crr.md), per peer where it matters. */
public final class CrrMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> rpoMillis = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> peerUp = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> lag = new ConcurrentHashMap<>();

    public CrrMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void ledgerIngested(int n) {
        registry.counter("flk_crr_ledger_records_total").increment(n);
    }

    public void shipped(String peer, String result) {
        registry.counter("flk_crr_records_shipped_total", "peer", peer, "result", result).increment();
    }

    /** Seconds from the submission's receipt in this region to the peer's acknowledgement of its copy. */
    public void lag(String peer, double seconds) {
        lag.computeIfAbsent(peer, p -> DistributionSummary.builder("flk_crr_replication_lag_seconds").tag("peer", p)
                .baseUnit("seconds").publishPercentileHistogram()
                .minimumExpectedValue(0.001).maximumExpectedValue(600.0).register(registry)).record(seconds);
    }

    /**
     * Age of the oldest record the peer has not acknowledged (0 when it holds everything): what a loss would cost.
     * Kept as that record's receipt time and aged when read, so the gauge keeps growing while a shipment hangs on a
     * cut link (a value set before the request would stay where it was until the request timed out).
     */
    public void rpo(String peer, java.time.Instant oldestUnacknowledged) {
        rpoMillis.computeIfAbsent(peer, p -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("flk_crr_rpo_seconds", v, x -> age(x.get()) / 1000.0).tag("peer", p).register(registry);
            return v;
        }).set(oldestUnacknowledged == null ? 0 : oldestUnacknowledged.toEpochMilli());
    }

    public long rpoMillis(String peer) {
        AtomicLong v = rpoMillis.get(peer);
        return v == null ? 0 : age(v.get());
    }

    private static long age(long sinceEpochMilli) {
        return sinceEpochMilli == 0 ? 0 : Math.max(0, System.currentTimeMillis() - sinceEpochMilli);
    }

    public void peerUp(String peer, boolean up) {
        peerUp.computeIfAbsent(peer, p -> {
            AtomicLong v = new AtomicLong(1);
            Gauge.builder("flk_crr_peer_up", v, AtomicLong::get).tag("peer", p).register(registry);
            return v;
        }).set(up ? 1 : 0);
    }

    public void shipFailed(String peer) {
        registry.counter("flk_crr_ship_failures_total", "peer", peer).increment();
    }

    public void divergent(String peer, String kind, int n) {
        registry.counter("flk_crr_divergent_records_total", "peer", peer, "kind", kind).increment(n);
    }

    public void repaired(String peer, int n) {
        registry.counter("flk_crr_repaired_records_total", "peer", peer).increment(n);
    }

    public void divergenceRun(String peer, String result) {
        registry.counter("flk_crr_divergence_runs_total", "peer", peer, "result", result).increment();
    }

    public void auditCrossCheck(String peer, String result) {
        registry.counter("flk_crr_audit_crosscheck_total", "peer", peer, "result", result).increment();
    }
}
