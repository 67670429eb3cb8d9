package io.fractallba.hrs.features;

/**
 * Running mean and variance (Welford) of D̂, coh★ and r for one tenant, so a submission can be judged against its own
 * tenant's history. Deviations are reported only after {@link #MIN_COUNT} observations.
 */
public final class TenantBaseline {

    public static final int MIN_COUNT = 20;
    public static final int SIGNALS = 3;

    private long count;
    private final double[] mean = new double[SIGNALS];
    private final double[] m2 = new double[SIGNALS];

    public TenantBaseline() {
    }

    public TenantBaseline(long count, double[] mean, double[] m2) {
        this.count = count;
        System.arraycopy(mean, 0, this.mean, 0, SIGNALS);
        System.arraycopy(m2, 0, this.m2, 0, SIGNALS);
    }

    /** z-scores of the signals against the history so far (NaN while the history is too short or flat). */
    public double[] deviations(double[] signals) {
        double[] z = new double[SIGNALS];
        for (int i = 0; i < SIGNALS; i++) {
            double var = count > 1 ? m2[i] / (count - 1) : 0;
            z[i] = count < MIN_COUNT || var <= 1e-12 ? Double.NaN : (signals[i] - mean[i]) / Math.sqrt(var);
        }
        return z;
    }

    public void add(double[] signals) {
        count++;
        for (int i = 0; i < SIGNALS; i++) {
            double d = signals[i] - mean[i];
            mean[i] += d / count;
            m2[i] += d * (signals[i] - mean[i]);
        }
    }

    public long count() {
        return count;
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] m2() {
        return m2.clone();
    }
}
