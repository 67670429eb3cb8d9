package io.fractallba.ensemble.bandit;

import java.util.Random;

/**
 * Exact Beta sampling: X ~ Gamma(α, 1), Y ~ Gamma(β, 1), X / (X + Y) ~ Beta(α, β). Gamma by Marsaglia and Tsang (2000)
 * for shape ≥ 1, and the boost Gamma(a) = Gamma(a + 1) · U^(1/a) for shape < 1.
 */
public final class BetaSampler {

    private final Random random;

    public BetaSampler(Random random) {
        this.random = random;
    }

    public double beta(double alpha, double beta) {
        double x = gamma(alpha);
        double y = gamma(beta);
        return x / (x + y);
    }

    double gamma(double shape) {
        if (shape < 1) {
            return gamma(shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = random.nextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
