package io.fractallba.cost.runtime;

import io.fractallba.cost.bill.ReconciliationWatcher;
import io.fractallba.cost.budget.BudgetWatcher;
import io.fractallba.cost.usage.UsageStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The cost-service's own metrics ({@code flk_cost_*}, docs/cost.md). Gauges read objects of this application start;
 * {@link #close} removes them, since a registry outliving the application (a restart in the same JVM, as tests do)
 * would otherwise keep reading the stopped objects.
 */
public final class CostMetrics implements AutoCloseable {

    public final Counter usageRows;
    public final Counter redelivered;
    public final Counter unpriced;
    public final Counter budgetAlerts;
    public final Counter repricedRows;
    private final MeterRegistry registry;
    private final Map<String, Counter> usdByTenant = new ConcurrentHashMap<>();
    private final Map<String, Counter> trustedByTenant = new ConcurrentHashMap<>();
    private final Map<String, Gauge> budgetGauges = new ConcurrentHashMap<>();
    private final List<Meter> gauges = new CopyOnWriteArrayList<>();

    public CostMetrics(MeterRegistry r) {
        this.registry = r;
        usageRows = Counter.builder("flk_cost_usage_rows_total").description("usage rows stored (priced or not)").register(r);
        redelivered = Counter.builder("flk_cost_usage_redelivered_total")
                .description("usage rows skipped because their event was already counted").register(r);
        unpriced = Counter.builder("flk_cost_usage_unpriced_total")
                .description("usage rows stored without a price in force (cost unknown until a price covers them)").register(r);
        budgetAlerts = Counter.builder("flk_cost_budget_alerts_total").description("budget crossings raised").register(r);
        repricedRows = Counter.builder("flk_cost_repriced_rows_total").description("usage rows re-priced by corrections")
                .register(r);
    }

    /**
     * What the buyer's dashboard divides: priced spend and trusted tasks (accepted, not escalated submissions) per
     * tenant, as stored (first delivery only). Re-pricing corrections are not reflected here; the analysts' API is
     * the reference for money, these counters are for rates and trends.
     */
    public void stored(List<UsageStore.Stored> rows) {
        for (UsageStore.Stored s : rows) {
            if (s.cost() != null) {
                usd(s.row().tenant()).increment(s.cost().doubleValue());
            }
            if (s.row().resource().equals("submissions") && s.row().accepted()) {
                trusted(s.row().tenant()).increment();
            }
        }
    }

    /** Registers the per-tenant series of tenants already known, so a restarted process exports them from start. */
    public void knownTenants(Collection<String> tenants) {
        for (String t : tenants) {
            usd(t);
            trusted(t);
        }
    }

    // Per tenant, looked up once: the registry's own lookup builds and sorts an id on every call (the ingest path).
    private Counter usd(String tenant) {
        return usdByTenant.computeIfAbsent(tenant, t -> registry.counter("flk_cost_usd_total", "tenant", t));
    }

    private Counter trusted(String tenant) {
        return trustedByTenant.computeIfAbsent(tenant, t -> registry.counter("flk_cost_trusted_tasks_total", "tenant", t));
    }

    /** Month-to-date spend / hard budget of a tenant, from the budget watcher's last pass (registered once per tenant). */
    public void budgetUsed(String tenant, Map<String, BudgetWatcher.Status> lastStatus) {
        budgetGauges.computeIfAbsent(tenant, t -> gauge(Gauge.builder("flk_cost_budget_used_ratio", lastStatus, m -> {
            BudgetWatcher.Status s = m.get(t);
            return s == null || s.hardUsd().signum() == 0 ? 0 : s.spentUsd().doubleValue() / s.hardUsd().doubleValue();
        }).tags(Tags.of("tenant", t)).description("month-to-date spend / hard budget")::register));
    }

    /** Flagged (day, tenant) lines of the last scheduled reconciliation: what the cost reconciliation alert watches. */
    public void reconciliation(ReconciliationWatcher watcher) {
        gauge(Gauge.builder("flk_cost_reconciliation_flagged_days", watcher, ReconciliationWatcher::flaggedDays)
                .description("days x tenants whose computed cost differs from the imported bill beyond the threshold")
                ::register);
    }

    private Gauge gauge(Function<MeterRegistry, Gauge> register) {
        Gauge g = register.apply(registry);
        gauges.add(g);
        return g;
    }

    @Override
    public void close() {
        gauges.forEach(registry::remove);
        gauges.clear();
        budgetGauges.clear();
    }
}
