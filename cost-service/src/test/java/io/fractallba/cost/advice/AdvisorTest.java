package io.fractallba.cost.advice;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The advisor's rules on hand-made profiles: what triggers each, the estimate's arithmetic, what never triggers. */
class AdvisorTest {

    static final LocalDate TO = LocalDate.of(2026, 12, 1);
    final Advisor advisor = new Advisor(new Advisor.Settings(2.0, 50, 0.05, new BigDecimal("0.01")));

    static SpendProfile profile(int days, List<SpendProfile.ModelSpend> models, Map<String, SpendProfile.ResourceSpend> res) {
        BigDecimal total = models.stream().map(SpendProfile.ModelSpend::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new SpendProfile("t", TO.minusDays(days), TO, TO.minusDays(days), total, models, res);
    }

    static SpendProfile.ModelSpend model(String name, String cost, long trusted) {
        return new SpendProfile.ModelSpend(name, new BigDecimal(cost), trusted);
    }

    @Test
    void aModelFarAboveTheCheapestPerTrustedTaskIsAdvisedAgainstWithTheSavingScaledToAMonth() {
        // small: 1.00 / 100 = 0.01 per trusted task; large: 6.00 / 120 = 0.05 (5×); mid: 2.40 / 160 = 0.015 (1.5×).
        List<Recommendation> recs = advisor.advise(profile(15, List.of(model("small", "1.00", 100),
                model("large", "6.00", 120), model("mid", "2.40", 160)), Map.of()));
        assertThat(recs).extracting(Recommendation::id).containsExactly("model-cost:large");
        Recommendation r = recs.get(0);
        // (0.05 - 0.01) × 120 tasks over 15 days = 4.80, × 30/15 = 9.60 a month
        assertThat(r.estimatedMonthlySavingUsd()).isEqualByComparingTo("9.60");
        assertThat(r.evidence()).containsEntry("reference_model", "small").containsEntry("model_trusted_tasks", 120L)
                .containsEntry("ratio", 5.0);
        assertThat(r.measuredOn()).isEqualTo(Recommendation.TENANT_TOTAL);
        assertThat(r.scopeResource()).isNull();
        assertThat(r.apply()).isNotEmpty();
        assertThat(r.assumptions()).anySatisfy(a -> assertThat(a).contains("answer quality"));
    }

    @Test
    void modelsWithFewTrustedTasksOrUnnamedAreNeitherJudgedNorAReference() {
        // 'unspecified' is cheapest per task but cannot be routed to; 'rare' has too few trusted tasks to judge.
        List<Recommendation> recs = advisor.advise(profile(28, List.of(model("unspecified", "0.10", 500),
                model("a", "1.00", 100), model("rare", "9.00", 10)), Map.of()));
        assertThat(recs).isEmpty();
        // A model without a trusted task has no cost per trusted task: never the reference, even when judging all.
        Advisor lenient = new Advisor(new Advisor.Settings(2.0, 0, 0.05, new BigDecimal("0.01")));
        assertThat(lenient.advise(profile(28, List.of(model("a", "1.00", 100), model("never-trusted", "3.00", 0),
                model("b", "5.00", 100)), Map.of()))).extracting(Recommendation::id).containsExactly("model-cost:b");
    }

    @Test
    void anchoringAboveItsShareIsAdvisedHalvedAndMeasuredOnItsOwnSpend() {
        Map<String, SpendProfile.ResourceSpend> res = Map.of("anchor_ops",
                new SpendProfile.ResourceSpend("anchor_ops", new BigDecimal("0.60"), new BigDecimal("6000")));
        List<Recommendation> recs = advisor.advise(profile(30, List.of(model("a", "4.00", 100)), res));
        assertThat(recs).extracting(Recommendation::id).containsExactly("anchor-cadence");
        assertThat(recs.get(0).estimatedMonthlySavingUsd()).isEqualByComparingTo("0.30");
        assertThat(recs.get(0).scopeResource()).isEqualTo("anchor_ops");
        assertThat(recs.get(0).evidence()).containsEntry("share_of_spend", 0.15);
        // 0.10 of 4.00 is 2.5%: below the 5% share, nothing to advise
        Map<String, SpendProfile.ResourceSpend> small = Map.of("anchor_ops",
                new SpendProfile.ResourceSpend("anchor_ops", new BigDecimal("0.10"), new BigDecimal("1000")));
        assertThat(advisor.advise(profile(30, List.of(model("a", "4.00", 100)), small))).isEmpty();
    }

    @Test
    void aTenantYoungerThanTheWindowIsScaledFromItsFirstDayAndUnpricedModelsAreNeverTheReference() {
        // 7 days of spend in a 28-day window: (0.05 - 0.01) x 120 over 7 days, x 30/7 a month.
        BigDecimal total = new BigDecimal("7.00");
        SpendProfile young = new SpendProfile("t", TO.minusDays(28), TO, TO.minusDays(7), total,
                List.of(model("small", "1.00", 100), model("large", "6.00", 120)), Map.of());
        assertThat(advisor.advise(young).get(0).estimatedMonthlySavingUsd())
                .isEqualByComparingTo(new BigDecimal("0.04").multiply(BigDecimal.valueOf(120 * 30))
                        .divide(BigDecimal.valueOf(7), Advisor.MONEY));
        // A model whose usage has no price yet costs "0" per task: it must not become the reference.
        List<Recommendation> recs = advisor.advise(profile(28, List.of(model("small", "1.00", 100),
                new SpendProfile.ModelSpend("unpriced", BigDecimal.ZERO, 100, 300), model("mid", "1.50", 100)), Map.of()));
        assertThat(recs).isEmpty();
    }

    @Test
    void savingsBelowTheMinimumAndEmptyProfilesGiveNothing() {
        assertThat(advisor.advise(profile(28, List.of(model("s", "0.0001", 100), model("l", "0.0005", 100)), Map.of())))
                .isEmpty();
        assertThat(advisor.advise(profile(28, List.of(), Map.of()))).isEmpty();
    }

    @Test
    void recommendationsComeLargestSavingFirst() {
        Map<String, SpendProfile.ResourceSpend> res = Map.of("anchor_ops",
                new SpendProfile.ResourceSpend("anchor_ops", new BigDecimal("5.00"), new BigDecimal("50000")));
        List<Recommendation> recs = advisor.advise(profile(30, List.of(model("s", "1.00", 100),
                model("l", "3.00", 100)), res));
        assertThat(recs).extracting(Recommendation::id).containsExactly("anchor-cadence", "model-cost:l");
    }
}
