package io.fractallba.cost.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The cost-service's own metrics ({@code flk_cost_*}, docs/cost.md). */
public final class CostMetrics {

    public final Counter usageRows;
    public final Counter redelivered;
    public final Counter unpriced;
    public final Counter poison;
    public final Counter budgetAlerts;
    public final Counter repricedRows;
    private final MeterRegistry registry;

    public CostMetrics(MeterRegistry r) {
        this.registry = r;
        usageRows = Counter.builder("flk_cost_usage_rows_total").description("usage rows stored (priced or not)").register(r);
        redelivered = Counter.builder("flk_cost_usage_redelivered_total")
                .description("usage rows skipped because their event was already counted").register(r);
        unpriced = Counter.builder("flk_cost_usage_unpriced_total")
                .description("usage rows stored without a price in force (cost unknown until a price covers them)").register(r);
        poison = Counter.builder("flk_cost_poison_total").description("usage events sent to the DLQ").register(r);
        budgetAlerts = Counter.builder("flk_cost_budget_alerts_total").description("budget crossings raised").register(r);
        repricedRows = Counter.builder("flk_cost_repriced_rows_total").description("usage rows re-priced by corrections")
                .register(r);
    }

    /**
     * What the buyer's dashboard divides: priced spend and trusted tasks (accepted, not escalated submissions) per
     * tenant, as stored (first delivery only). Re-pricing corrections are not reflected here; the analysts' API is
     * the reference for money, these counters are for rates and trends.
     */
    public void stored(java.util.List<io.fractallba.cost.usage.UsageStore.Stored> rows) {
        for (io.fractallba.cost.usage.UsageStore.Stored s : rows) {
            if (s.cost() != null) {
                registry.counter("flk_cost_usd_total", "tenant", s.row().tenant()).increment(s.cost().doubleValue());
            }
            if (s.row().resource().equals("submissions") && s.row().accepted()) {
                registry.counter("flk_cost_trusted_tasks_total", "tenant", s.row().tenant()).increment();
            }
        }
    }

    /**
     * Flagged (day, tenant) lines of the last scheduled reconciliation: what the cost reconciliation alert watches.
     * The caller removes the gauge when it stops: a registry outliving the application (a restart in the same JVM,
     * as tests do) would otherwise keep reading the stopped watcher.
     */
    public io.micrometer.core.instrument.Gauge reconciliation(io.fractallba.cost.bill.ReconciliationWatcher watcher) {
        return io.micrometer.core.instrument.Gauge.builder("flk_cost_reconciliation_flagged_days", watcher,
                        io.fractallba.cost.bill.ReconciliationWatcher::flaggedDays)
                .description("days x tenants whose computed cost differs from the imported bill beyond the threshold")
                .register(registry);
    }

    /** Registers the per-tenant series of tenants already known, so a restarted process exports them from start. */
    public void knownTenants(java.util.Collection<String> tenants) {
        for (String t : tenants) {
            registry.counter("flk_cost_usd_total", "tenant", t);
            registry.counter("flk_cost_trusted_tasks_total", "tenant", t);
        }
    }
}
