package io.fractallba.audit.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.atomic.AtomicLong;

/** The audit-service's metrics, all named {@code flk_audit_*}. */
public class AuditMetrics {

    private final MeterRegistry registry;
    final Counter appended;
    final Counter duplicates;
    final Counter appendErrors;
    final Counter checkpoints;
    final AtomicLong treeSize = new AtomicLong();
    final AtomicLong checkpointSize = new AtomicLong();
    final AtomicLong tamperAlarm = new AtomicLong();

    public AuditMetrics(MeterRegistry registry) {
        this.registry = registry;
        appended = Counter.builder("flk_audit_entries_appended_total").description("Leaves appended").register(registry);
        duplicates = Counter.builder("flk_audit_entries_duplicate_total")
                .description("Events skipped because their (tenant, pcs_id) is already in the log").register(registry);
        appendErrors = Counter.builder("flk_audit_append_errors_total")
                .description("Append transactions that failed and were retried").register(registry);
        checkpoints = Counter.builder("flk_audit_checkpoints_issued_total").register(registry);
        registry.gauge("flk_audit_tree_size", treeSize);
        registry.gauge("flk_audit_checkpoint_tree_size", checkpointSize);
        registry.gauge("flk_audit_tamper_alarm", tamperAlarm);
    }

    public Counter anchorResult(String anchor, String result) {
        return Counter.builder("flk_audit_anchor_total").tag("anchor", anchor).tag("result", result)
                .description("Anchoring attempts by anchor and result (ok, retry, dead)").register(registry);
    }

    public Timer proofTimer(String kind) {
        return Timer.builder("flk_audit_proof_seconds").tag("kind", kind).publishPercentileHistogram()
                .minimumExpectedValue(java.time.Duration.ofNanos(10_000))
                .maximumExpectedValue(java.time.Duration.ofSeconds(10)).register(registry);
    }

    public void tamper(boolean on) {
        tamperAlarm.set(on ? 1 : 0);
    }

    public MeterRegistry registry() {
        return registry;
    }
}
