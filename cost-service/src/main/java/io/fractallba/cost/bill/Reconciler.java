package io.fractallba.cost.bill;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares what the suite attributed with what the provider billed, per day and tenant: the difference in USD and
 * in percent of the bill, flagged beyond the threshold, and explained by category (largest difference first).
 */
public final class Reconciler {

    /** Amounts per (day, tenant) and category. */
    public record DayTenant(LocalDate day, String tenant) implements Comparable<DayTenant> {
        @Override
        public int compareTo(DayTenant o) {
            return Comparator.comparing(DayTenant::day).thenComparing(DayTenant::tenant).compare(this, o);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CategoryDiff(@JsonProperty("category") String category,
                               @JsonProperty("computed_usd") BigDecimal computed,
                               @JsonProperty("billed_usd") BigDecimal billed,
                               @JsonProperty("diff_usd") BigDecimal diff) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Line(@JsonProperty("day") LocalDate day, @JsonProperty("tenant") String tenant,
                       @JsonProperty("computed_usd") BigDecimal computed, @JsonProperty("billed_usd") BigDecimal billed,
                       @JsonProperty("diff_usd") BigDecimal diff,
                       @JsonProperty("diff_percent") BigDecimal diffPercent,
                       @JsonProperty("flagged") boolean flagged,
                       @JsonProperty("by_category") List<CategoryDiff> byCategory) {
    }

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final BigDecimal thresholdPercent;

    public Reconciler(double thresholdPercent) {
        this.thresholdPercent = BigDecimal.valueOf(thresholdPercent);
    }

    public List<Line> reconcile(Map<DayTenant, Map<String, BigDecimal>> computed,
                                Map<DayTenant, Map<String, BigDecimal>> billed) {
        TreeSet<DayTenant> keys = new TreeSet<>(computed.keySet());
        keys.addAll(billed.keySet());
        List<Line> out = new ArrayList<>();
        for (DayTenant k : keys) {
            Map<String, BigDecimal> c = computed.getOrDefault(k, Map.of());
            Map<String, BigDecimal> b = billed.getOrDefault(k, Map.of());
            TreeSet<String> cats = new TreeSet<>(c.keySet());
            cats.addAll(b.keySet());
            List<CategoryDiff> diffs = new ArrayList<>();
            BigDecimal ct = BigDecimal.ZERO;
            BigDecimal bt = BigDecimal.ZERO;
            for (String cat : cats) {
                BigDecimal cv = c.getOrDefault(cat, BigDecimal.ZERO);
                BigDecimal bv = b.getOrDefault(cat, BigDecimal.ZERO);
                ct = ct.add(cv);
                bt = bt.add(bv);
                diffs.add(new CategoryDiff(cat, cv, bv, cv.subtract(bv)));
            }
            diffs.sort(Comparator.comparing((CategoryDiff d) -> d.diff().abs()).reversed()
                    .thenComparing(CategoryDiff::category));
            BigDecimal diff = ct.subtract(bt);
            BigDecimal pct = bt.signum() == 0 ? null
                    : diff.multiply(HUNDRED).divide(bt, new MathContext(12, RoundingMode.HALF_EVEN));
            boolean flagged = pct == null ? diff.signum() != 0 : pct.abs().compareTo(thresholdPercent) > 0;
            out.add(new Line(k.day(), k.tenant(), ct, bt, diff, pct, flagged, diffs));
        }
        return out;
    }

    /** Groups bill lines the way {@link #reconcile} wants them. */
    public static Map<DayTenant, Map<String, BigDecimal>> byDayTenant(List<BillLine> lines) {
        Map<DayTenant, Map<String, BigDecimal>> out = new TreeMap<>();
        for (BillLine l : lines) {
            out.computeIfAbsent(new DayTenant(l.day(), l.tenant()), k -> new TreeMap<>())
                    .merge(l.category(), l.amountUsd(), BigDecimal::add);
        }
        return out;
    }
}
