package io.fractallba.verifier.policy;

import io.fractallba.pcs.event.PolicyChange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rollout's next move from a step's measurements, and the canary's stable buckets. */
class RolloutGuardTest {

    private static final PolicyChange.Rollout PLAN = new PolicyChange.Rollout("r-1", List.of(0, 5, 100), 0, "PT10M", 100L,
            0.02, 0.05, 0L, null);
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private static PolicyCatalog.RolloutState at(int step) {
        return new PolicyCatalog.RolloutState("r-1", "c@1", "a@1", PLAN, step, T0);
    }

    private static Map<String, Long> m(long n, long activeEsc, long candEsc, long disagree, long errors) {
        return Map.of(RolloutGuard.SUBMISSIONS, n, RolloutGuard.ACTIVE_ESCALATIONS, activeEsc,
                RolloutGuard.CANDIDATE_ESCALATIONS, candEsc, RolloutGuard.DISAGREEMENTS, disagree,
                RolloutGuard.CANDIDATE_ERRORS, errors);
    }

    @Test
    void waitsForEnoughSubmissionsAndTheDwell() {
        assertThat(RolloutGuard.next(at(0), m(99, 0, 0, 0, 0), T0.plusSeconds(3600)).next())
                .isEqualTo(RolloutGuard.Next.WAIT);
        assertThat(RolloutGuard.next(at(0), m(100, 0, 0, 0, 0), T0.plusSeconds(599)).next())
                .isEqualTo(RolloutGuard.Next.WAIT);
        assertThat(RolloutGuard.next(at(0), m(100, 10, 11, 1, 0), T0.plusSeconds(600)).next())
                .isEqualTo(RolloutGuard.Next.ADVANCE);
        assertThat(RolloutGuard.next(at(2), m(100, 10, 11, 1, 0), T0.plusSeconds(600)).next())
                .isEqualTo(RolloutGuard.Next.COMPLETE);
    }

    @Test
    void abortsOnABreachedGuardWithoutWaitingForTheDwell() {
        RolloutGuard.Verdict esc = RolloutGuard.next(at(1), m(100, 10, 13, 3, 0), T0);
        assertThat(esc.next()).isEqualTo(RolloutGuard.Next.ABORT);
        assertThat(esc.why()).contains("escalation rate 0.030").contains("step 1 (5%)");
        RolloutGuard.Verdict dis = RolloutGuard.next(at(1), m(100, 10, 10, 6, 0), T0);
        assertThat(dis.next()).isEqualTo(RolloutGuard.Next.ABORT);
        assertThat(dis.why()).contains("0.060 of 100");
        // One evaluation error aborts at once, before min_submissions.
        assertThat(RolloutGuard.next(at(0), m(3, 0, 0, 0, 1), T0).next()).isEqualTo(RolloutGuard.Next.ABORT);
    }

    @Test
    void canaryBucketsAreStableAndNested() {
        String id = "f".repeat(64);
        assertThat(Canary.bucket(id)).isEqualTo(Canary.bucket(new String(id)));
        int inFive = 0;
        int inFiveAlsoInTwentyFive = 0;
        for (int i = 0; i < 20_000; i++) {
            String pcsId = Integer.toHexString(i * 7919) + "-" + i;
            if (Canary.selects(pcsId, 5)) {
                inFive++;
                inFiveAlsoInTwentyFive += Canary.selects(pcsId, 25) ? 1 : 0;
            }
        }
        assertThat(inFive).isBetween(800, 1200);   // 5% of 20,000 within sampling noise
        assertThat(inFiveAlsoInTwentyFive).isEqualTo(inFive);
        assertThat(Canary.selects(id, 0)).isFalse();
        assertThat(Canary.selects(id, 100)).isTrue();
    }
}
