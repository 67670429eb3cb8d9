package io.fractallba.ensemble.bandit;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ThompsonBanditTest {

    @Test
    void betaSamplesHaveTheRightMeanAndVariance() {
        BetaSampler s = new BetaSampler(new Random(1));
        for (double[] ab : new double[][]{{2, 5}, {0.5, 0.5}, {30, 10}}) {
            int n = 40_000;
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                double x = s.beta(ab[0], ab[1]);
                assertThat(x).isBetween(0.0, 1.0);
                sum += x;
                sq += x * x;
            }
            double a = ab[0];
            double b = ab[1];
            double mean = a / (a + b);
            double var = a * b / ((a + b) * (a + b) * (a + b + 1));
            assertThat(sum / n).isCloseTo(mean, within(0.01));
            assertThat(sq / n - (sum / n) * (sum / n)).isCloseTo(var, within(var * 0.1));
        }
    }

    @Test
    void convergesToTheBestArmInASimulatedEnvironment() {
        Map<String, Double> rate = Map.of("n1", 0.35, "n2", 0.7, "n3", 0.5);
        Random env = new Random(42);
        ThompsonBandit b = new ThompsonBandit(List.of("n1", "n2", "n3"), new Random(7));
        int best = 0;
        for (int t = 0; t < 3000; t++) {
            String arm = b.choose();
            b.reward(arm, env.nextDouble() < rate.get(arm) ? 1 : 0);
            if (t >= 2500 && arm.equals("n2")) {
                best++;
            }
        }
        assertThat(best / 500.0).as("share of the last 500 pulls on the best arm").isGreaterThan(0.85);
        assertThat(b.arms().get("n2").mean()).isCloseTo(0.7, within(0.05));
        assertThat(b.arms().get("n2").pulls()).isGreaterThan(b.arms().get("n1").pulls() + b.arms().get("n3").pulls());
    }

    @Test
    void rewardTradesContainmentAgreementLatencyAndCost() {
        assertThat(Reward.of("reject", 1, 1.0, 0, 100)).isCloseTo(1.0, within(1e-9));
        assertThat(Reward.of("accept", 1, 1.0, 0, 100)).isCloseTo(0.4, within(1e-9));
        assertThat(Reward.of("escalate", 1, 0.5, 50, 100)).isCloseTo(0.6 + 0.1 + 0.05, within(1e-9));
        assertThat(Reward.of("accept", 0, 1.0, 100, 100)).isCloseTo(0.9, within(1e-9));
    }
}
