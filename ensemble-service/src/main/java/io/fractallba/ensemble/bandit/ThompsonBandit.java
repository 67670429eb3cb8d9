package io.fractallba.ensemble.bandit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Thompson sampling over named arms with Beta(1, 1) priors: choose the arm whose posterior sample is highest; a reward
 * r in [0, 1] is turned into a Bernoulli(r) success or failure (so the posterior stays a proper Beta) and counted.
 */
public final class ThompsonBandit {

    /** Posterior of one arm. */
    public record Arm(String name, double alpha, double beta, long pulls) {
        public double mean() {
            return alpha / (alpha + beta);
        }
    }

    private final Map<String, Arm> arms = new LinkedHashMap<>();
    private final BetaSampler sampler;
    private final Random random;

    public ThompsonBandit(List<String> names, Random random) {
        this.random = random;
        this.sampler = new BetaSampler(random);
        names.forEach(n -> arms.put(n, new Arm(n, 1, 1, 0)));
    }

    /** Restores persisted posteriors (arms not in the list are ignored). */
    public void restore(Arm a) {
        if (arms.containsKey(a.name())) {
            arms.put(a.name(), a);
        }
    }

    public synchronized String choose() {
        String best = null;
        double top = -1;
        for (Arm a : arms.values()) {
            double s = sampler.beta(a.alpha(), a.beta());
            if (s > top) {
                top = s;
                best = a.name();
            }
        }
        return best;
    }

    /** Counts a reward for an arm; returns the success (1) or failure (0) that was counted. */
    public synchronized int reward(String arm, double r) {
        Arm a = arms.get(arm);
        if (a == null) {
            throw new IllegalArgumentException("no arm " + arm);
        }
        int success = random.nextDouble() < Math.max(0, Math.min(1, r)) ? 1 : 0;
        arms.put(arm, new Arm(arm, a.alpha() + success, a.beta() + 1 - success, a.pulls() + 1));
        return success;
    }

    public synchronized Map<String, Arm> arms() {
        return Map.copyOf(arms);
    }
}
