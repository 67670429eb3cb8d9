package io.fractallba.cost.bill;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReconciliationWatcherTest {

    private static final LocalDate BILLED = LocalDate.parse("2026-11-20");
    private static final LocalDate NOT_BILLED = LocalDate.parse("2026-11-21");
    private final Reconciler reconciler = new Reconciler(3);

    private static Map<Reconciler.DayTenant, Map<String, BigDecimal>> amounts(Object... dayTenantCategoryUsd) {
        Map<Reconciler.DayTenant, Map<String, BigDecimal>> out = new java.util.TreeMap<>();
        for (int i = 0; i < dayTenantCategoryUsd.length; i += 4) {
            out.computeIfAbsent(new Reconciler.DayTenant((LocalDate) dayTenantCategoryUsd[i], (String) dayTenantCategoryUsd[i + 1]),
                    k -> new java.util.TreeMap<>()).put((String) dayTenantCategoryUsd[i + 2], new BigDecimal((String) dayTenantCategoryUsd[i + 3]));
        }
        return out;
    }

    @Test
    void onlyBilledDaysCountAndEveryTenantOfThemIsListed() {
        var computed = amounts(BILLED, "a", "llm", "10.00", BILLED, "b", "llm", "10.00", BILLED, "c", "llm", "4.00",
                NOT_BILLED, "a", "llm", "99.00");
        // a: as billed; b: billed 20% more (flagged); c: missing from the bill (flagged); a's unbilled day: no gap.
        var billed = amounts(BILLED, "a", "llm", "10.00", BILLED, "b", "llm", "12.50");
        var r = ReconciliationWatcher.gaps(BILLED, NOT_BILLED.plusDays(1), reconciler.reconcile(computed, billed),
                Set.of(BILLED));
        assertThat(r.flaggedDays()).isEqualTo(2);
        assertThat(r.billedDays()).isEqualTo(1);
        assertThat(r.tenants()).extracting(ReconciliationWatcher.TenantGap::tenant).containsExactly("a", "b", "c");
        assertThat(r.tenants()).extracting(ReconciliationWatcher.TenantGap::flaggedDays).containsExactly(0, 1, 1);
        assertThat(r.tenants().get(1).largestDiffUsd()).isEqualByComparingTo("2.50");
        assertThat(r.tenants().get(2).largestDiffUsd()).isEqualByComparingTo("4.00");
    }

    @Test
    void noBillNoGap() {
        var computed = amounts(NOT_BILLED, "a", "llm", "99.00");
        var r = ReconciliationWatcher.gaps(BILLED, NOT_BILLED, reconciler.reconcile(computed, Map.of()), Set.of());
        assertThat(r.flaggedDays()).isZero();
        assertThat(r.tenants()).isEmpty();
    }

    @Test
    void anEmptyWindowIsRefused() {
        assertThatThrownBy(() -> new ReconciliationWatcher(null, reconciler, Clock.systemUTC(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one day");
    }
}
