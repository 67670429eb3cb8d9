package io.fractallba.cost.bill;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The reconciliation, run on a schedule over the recent days: how many (day, tenant) lines differ from the bill
 * beyond the threshold, so that a gap raises an alert (flk_cost_reconciliation_flagged_days) instead of waiting for
 * someone to read the report. Only days some imported bill covers count: a day the provider has not billed yet is
 * not a gap.
 */
public final class ReconciliationWatcher {

    public record TenantGap(@JsonProperty("tenant") String tenant, @JsonProperty("flagged_days") int flaggedDays,
                            @JsonProperty("largest_diff_usd") BigDecimal largestDiffUsd) {
    }

    public record Result(@JsonProperty("from") LocalDate from, @JsonProperty("to") LocalDate to,
                         @JsonProperty("billed_days") int billedDays, @JsonProperty("flagged_days") int flaggedDays,
                         @JsonProperty("tenants") List<TenantGap> tenants) {
    }

    private final BillStore bills;
    private final Reconciler reconciler;
    private final Clock clock;
    private final int windowDays;
    private volatile Result last;

    public ReconciliationWatcher(BillStore bills, Reconciler reconciler, Clock clock, int windowDays) {
        if (windowDays < 1) {
            throw new IllegalArgumentException("the reconciliation window must be at least one day, not " + windowDays);
        }
        this.bills = bills;
        this.reconciler = reconciler;
        this.clock = clock;
        this.windowDays = windowDays;
    }

    /** One pass over the last {@code windowDays} days up to today (UTC); what the gauge reports from now on. */
    public Result check() throws SQLException {
        LocalDate to = LocalDate.now(clock).plusDays(1);
        LocalDate from = to.minusDays(windowDays);
        List<BillLine> billed = bills.billed(from, to, null);
        // Nothing billed in the window: no gap, and no need to read the computed side.
        List<Reconciler.Line> lines = billed.isEmpty() ? List.of()
                : reconciler.reconcile(bills.computed(from, to, null), Reconciler.byDayTenant(billed));
        Result r = gaps(from, to, lines, billed.stream().map(BillLine::day).collect(Collectors.toSet()));
        last = r;
        return r;
    }

    /** Flagged lines on billed days, per tenant (every tenant seen on a billed day is listed, gaps or not). */
    static Result gaps(LocalDate from, LocalDate to, List<Reconciler.Line> lines, Set<LocalDate> billedDays) {
        Map<String, int[]> flagged = new TreeMap<>();
        Map<String, BigDecimal> largest = new TreeMap<>();
        for (Reconciler.Line l : lines) {
            if (!billedDays.contains(l.day())) {
                continue;
            }
            flagged.computeIfAbsent(l.tenant(), t -> new int[1]);
            largest.putIfAbsent(l.tenant(), BigDecimal.ZERO);
            if (l.flagged()) {
                flagged.get(l.tenant())[0]++;
                largest.merge(l.tenant(), l.diff().abs(), BigDecimal::max);
            }
        }
        List<TenantGap> tenants = new ArrayList<>();
        int total = 0;
        for (Map.Entry<String, int[]> e : flagged.entrySet()) {
            tenants.add(new TenantGap(e.getKey(), e.getValue()[0], largest.get(e.getKey())));
            total += e.getValue()[0];
        }
        return new Result(from, to, billedDays.size(), total, tenants);
    }

    /** Flagged (day, tenant) lines of the last pass; 0 before the first. */
    public int flaggedDays() {
        Result r = last;
        return r == null ? 0 : r.flaggedDays();
    }
}
