package io.fractallba.dedup.tiering;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The access model and the decisions taken from it, as plain Java. */
class TieringPolicyTest {

    private static final LocalDate DAY0 = LocalDate.parse("2026-11-01");
    private static final Duration FIXED = Duration.ofDays(3);
    private static final TieringPolicy PREDICTIVE = policy(TieringPolicy.Mode.PREDICTIVE);

    @Test
    void bucketsAreLogSpacedAndContainTheirLowerBound() {
        assertThat(AgeBuckets.of(Duration.ofSeconds(59))).isZero();
        assertThat(AgeBuckets.of(Duration.ofSeconds(60))).isEqualTo(1);
        for (int b = 0; b < AgeBuckets.COUNT; b++) {
            assertThat(AgeBuckets.of(AgeBuckets.lower(b))).as("bucket %d", b).isEqualTo(b);
            if (b < AgeBuckets.COUNT - 1) {
                assertThat(AgeBuckets.of(AgeBuckets.upper(b).minusMillis(1))).isEqualTo(b);
                assertThat(AgeBuckets.upper(b)).isGreaterThan(AgeBuckets.lower(b));
            }
        }
        int week = AgeBuckets.of(Duration.ofDays(7));
        assertThat(AgeBuckets.lower(week)).isBetween(Duration.ofDays(6), Duration.ofDays(7));
        assertThat(AgeBuckets.upper(week)).isBetween(Duration.ofDays(7), Duration.ofDays(9));
        assertThat(AgeBuckets.upper(AgeBuckets.COUNT - 2)).isGreaterThan(Duration.ofDays(15));
        assertThat(AgeBuckets.upper(AgeBuckets.COUNT - 1)).isNull();
    }

    @Test
    void aTenantReReadAfterAWeekStaysWarmPastTheWeekAndIsPrePromotedBeforeIt() {
        AccessModel weekly = observe(10, 1000, Duration.ofDays(7), 500);
        assertThat(weekly.readsPerRecord(AgeBuckets.of(Duration.ofDays(7)))).isCloseTo(0.5, within());

        Duration age = PREDICTIVE.demotionAge(weekly, FIXED);
        assertThat(age).isEqualTo(AgeBuckets.upper(AgeBuckets.of(Duration.ofDays(7))));
        List<TieringPolicy.Band> bands = PREDICTIVE.hotBands(weekly, age);
        assertThat(bands).singleElement().satisfies(b -> {
            assertThat(b.from()).isEqualTo(AgeBuckets.lower(AgeBuckets.of(Duration.ofDays(7))));
            assertThat(b.to()).isEqualTo(age);
        });
    }

    @Test
    void aTenantNeverReReadIsDemotedAtTheMinimumAgeAndNothingIsPrePromoted() {
        AccessModel never = observe(10, 1000, Duration.ofDays(7), 0);
        assertThat(PREDICTIVE.demotionAge(never, FIXED)).isEqualTo(Duration.ofDays(1));
        assertThat(PREDICTIVE.hotBands(never, Duration.ofDays(1))).isEmpty();
    }

    @Test
    void rareLateReadsBelowTheThresholdDoNotKeepRecordsWarm() {
        // 1% of records re-read at 10 days: under the 2% threshold, so not worth ten warm days per record.
        AccessModel rare = observe(10, 1000, Duration.ofDays(10), 10);
        assertThat(PREDICTIVE.demotionAge(rare, FIXED)).isEqualTo(Duration.ofDays(1));
        // 5%: above it, kept warm past 10 days, but far too few to pre-promote every record.
        AccessModel some = observe(10, 1000, Duration.ofDays(10), 50);
        Duration age = PREDICTIVE.demotionAge(some, FIXED);
        assertThat(age).isGreaterThan(Duration.ofDays(10)).isLessThanOrEqualTo(Duration.ofDays(14));
        assertThat(PREDICTIVE.hotBands(some, age)).isEmpty();
    }

    @Test
    void theModelDecidesOnlyInPredictiveModeAndAfterEnoughObservations() {
        AccessModel young = observe(3, 1000, Duration.ofDays(7), 500);      // 3 of the 7 days needed
        assertThat(PREDICTIVE.demotionAge(young, FIXED)).isEqualTo(FIXED);
        AccessModel small = observe(10, 50, Duration.ofDays(7), 25);       // 500 of the 1000 records needed
        assertThat(PREDICTIVE.demotionAge(small, FIXED)).isEqualTo(FIXED);
        AccessModel weekly = observe(10, 1000, Duration.ofDays(7), 500);
        TieringPolicy fixed = policy(TieringPolicy.Mode.FIXED);
        assertThat(fixed.demotionAge(weekly, FIXED)).isEqualTo(FIXED);
        assertThat(fixed.hotBands(weekly, FIXED)).isEmpty();
        assertThat(PREDICTIVE.demotionAge(null, FIXED)).isEqualTo(FIXED);
    }

    @Test
    void demotionAgeIsBoundedByMaxAge() {
        AccessModel late = observe(10, 1000, Duration.ofDays(15), 900);
        assertThat(PREDICTIVE.demotionAge(late, FIXED)).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void smoothingForgetsAHabitTheTenantDropped() {
        AccessModel m = observe(10, 1000, Duration.ofDays(7), 500);
        LocalDate day = m.openDay();
        int days = 0;
        while (PREDICTIVE.demotionAge(m, FIXED).compareTo(Duration.ofDays(7)) > 0) {
            day = day.plusDays(1);
            m.advanceTo(day, d -> 1000, 0.2);                               // still storing, no longer re-reading
            days++;
        }
        // 0.5 × 0.8^n < 0.02 needs n = 15: the model follows the change within about two weeks, not at once.
        assertThat(days).isEqualTo(15);
        assertThat(PREDICTIVE.demotionAge(m, FIXED)).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void foldingIsExponentialSmoothingOfDailyRates() {
        AccessModel m = new AccessModel(DAY0);
        m.addReads(5, 100);
        m.advanceTo(DAY0.plusDays(1), d -> 1000, 0.5);                    // first day taken as it is
        assertThat(m.smoothedBirths()).isEqualTo(1000);
        assertThat(m.readsPerRecord(5)).isCloseTo(0.1, within());
        m.addReads(5, 300);
        m.advanceTo(DAY0.plusDays(3), d -> d.equals(DAY0.plusDays(1)) ? 3000 : 0, 0.5);
        // day 2: births 0.5·1000 + 0.5·3000 = 2000, reads 0.5·100 + 0.5·300 = 200; day 3 (empty) halves both.
        assertThat(m.smoothedBirths()).isCloseTo(1000, within());
        assertThat(m.smoothedReads()[5]).isCloseTo(100, within());
        assertThat(m.daysFolded()).isEqualTo(3);
        assertThat(m.recordsObserved()).isEqualTo(4000);
        assertThat(m.openDay()).isEqualTo(DAY0.plusDays(3));
        assertThat(m.dayReads()[5]).isZero();
    }

    @Test
    void theRecorderCountsByTenantAndBucketAndHandsCountsBackAfterAFailedFlush() {
        AccessRecorder r = new AccessRecorder();
        r.read("a", Duration.ofDays(7));
        r.read("a", Duration.ofDays(7));
        r.read("b", Duration.ofSeconds(5));
        var counts = r.drain();
        assertThat(counts.get("a")[AgeBuckets.of(Duration.ofDays(7))]).isEqualTo(2);
        assertThat(counts.get("b")[0]).isEqualTo(1);
        assertThat(r.drain()).isEmpty();
        r.restore(counts);
        assertThat(r.drain().get("a")[AgeBuckets.of(Duration.ofDays(7))]).isEqualTo(2);
    }

    @Test
    void thresholdsMustBeAboveZero() {
        for (double bad : new double[] {0, -0.1, Double.NaN}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TieringPolicy.Settings(
                            TieringPolicy.Mode.PREDICTIVE, bad, Duration.ofDays(1), Duration.ofDays(14), 7, 1000, 0.25,
                            Duration.ofDays(1), 0.2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read-threshold");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TieringPolicy.Settings(
                            TieringPolicy.Mode.PREDICTIVE, 0.02, Duration.ofDays(1), Duration.ofDays(14), 7, 1000, bad,
                            Duration.ofDays(1), 0.2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prepromote-threshold");
        }
    }

    @Test
    void fixedModeOrTooLittleSeenLeavesATenantOnTheDefaultWithoutAnEntry() {
        PredictiveTiering fixed = new PredictiveTiering(null, null, policy(TieringPolicy.Mode.FIXED), FIXED,
                java.util.Map.of("pinned", Duration.ofDays(9)), java.time.Clock.systemUTC());
        java.util.Map<String, AccessModel> models = java.util.Map.of("a", observe(10, 1000, Duration.ofDays(7), 500),
                "b", observe(10, 1000, Duration.ofDays(7), 0), "pinned", observe(10, 1000, Duration.ofDays(7), 0));
        PredictiveTiering.Decisions d = fixed.decide(models);
        assertThat(d.warmAges()).containsOnlyKeys("pinned");
        assertThat(d.predicted()).containsOnlyKeys("a", "b").containsValues(false);
        assertThat(d.modelWarmAges()).containsKeys("a", "b", "pinned");
        PredictiveTiering young = new PredictiveTiering(null, null, PREDICTIVE, FIXED, java.util.Map.of(),
                java.time.Clock.systemUTC());
        assertThat(young.decide(java.util.Map.of("y", observe(3, 1000, Duration.ofDays(7), 500))).warmAges()).isEmpty();
    }

    @Test
    void aTenantsOwnHotTtlBoundsItsBands() {
        AccessModel weekly = observe(10, 1000, Duration.ofDays(7), 500);
        PredictiveTiering t = new PredictiveTiering(null, null, PREDICTIVE, FIXED, java.util.Map.of(),
                java.util.Map.of("long-ttl", Duration.ofDays(10)), java.time.Clock.systemUTC());
        PredictiveTiering.Decisions d = t.decide(java.util.Map.of("weekly", weekly, "long-ttl", weekly));
        assertThat(d.hotBands()).containsKey("weekly");
        assertThat(d.hotBands()).as("its verifier entry already covers a week").doesNotContainKey("long-ttl");
    }

    @Test
    void aDeterministicTenthIsHeldOutAndStandsForItsBand() {
        int held = 0;
        for (int i = 0; i < 100_000; i++) {
            String id = java.util.UUID.nameUUIDFromBytes(Integer.toString(i).getBytes()).toString();
            if (PredictiveTiering.heldOut(id)) {
                held++;
            }
            assertThat(PredictiveTiering.heldOut(id)).isEqualTo(PredictiveTiering.heldOut(new String(id)));
        }
        assertThat(held).isBetween(9_500, 10_500);
        PredictiveTiering.Decisions d = new PredictiveTiering.Decisions(java.util.Map.of(), java.util.Map.of("t",
                List.of(new TieringPolicy.Band(Duration.ofDays(6), Duration.ofDays(8)))), java.util.Map.of(),
                java.util.Map.of());
        String in = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "r" + i).filter(PredictiveTiering::heldOut)
                .findFirst().orElseThrow();
        String out = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "r" + i)
                .filter(id -> !PredictiveTiering.heldOut(id)).findFirst().orElseThrow();
        assertThat(PredictiveTiering.readWeight(d, "t", in, Duration.ofDays(7))).isEqualTo(PredictiveTiering.HOLDOUT_ONE_IN);
        assertThat(PredictiveTiering.readWeight(d, "t", out, Duration.ofDays(7))).isZero();
        assertThat(PredictiveTiering.readWeight(d, "t", out, Duration.ofDays(8))).isEqualTo(1);
        assertThat(PredictiveTiering.readWeight(d, "other", out, Duration.ofDays(7))).isEqualTo(1);
    }

    /** {@code days} days of a tenant storing {@code births} records a day, {@code reads} of them re-read at {@code at}. */
    private static AccessModel observe(int days, long births, Duration at, double reads) {
        AccessModel m = new AccessModel(DAY0);
        for (int d = 1; d <= days; d++) {
            m.addReads(AgeBuckets.of(at), reads);
            m.addReads(0, births / 2.0);                                   // retries within a minute: never matter
            m.advanceTo(DAY0.plusDays(d), x -> births, 0.2);
        }
        return m;
    }

    private static TieringPolicy policy(TieringPolicy.Mode mode) {
        return new TieringPolicy(new TieringPolicy.Settings(mode, 0.02, Duration.ofDays(1), Duration.ofDays(14), 7, 1000,
                0.25, Duration.ofDays(1), 0.2));
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
