package io.fractallba.ensemble.model;

import io.fractallba.ml.OnnxGraph;
import io.fractallba.ml.OnnxScorer;

/**
 * A tenant's signal model: per-signal mean and standard deviation of its recent history; the anomaly score of a
 * submission is its squared standardised distance d² = Σ ((x − mean) / std)², computed by an ONNX graph. For signals
 * like the history, d² follows a χ² distribution with 4 degrees of freedom (if independent and normal), which sets
 * the check's lines: accept at or under its 95% quantile, reject at or over its 99.9% quantile.
 */
public final class AnomalyModel implements AutoCloseable {

    public static final int SIGNALS = 4;
    public static final double ACCEPT_MAX = 9.4877;   // χ²(4) 95%
    public static final double REJECT_MIN = 18.4668;  // χ²(4) 99.9%

    private final long n;
    private final double[] mean;
    private final double[] std;
    private final byte[] onnx;
    private final OnnxScorer scorer;

    public AnomalyModel(long n, double[] mean, double[] std, byte[] onnx) {
        this.n = n;
        this.mean = mean;
        this.std = std;
        this.onnx = onnx;
        this.scorer = new OnnxScorer(onnx, SIGNALS);
    }

    /** Fits mean and spread of the history (a spread of 0 becomes a small floor, so a constant signal stays usable). */
    public static AnomalyModel fit(double[][] history) {
        double[] mean = new double[SIGNALS];
        double[] std = new double[SIGNALS];
        for (int j = 0; j < SIGNALS; j++) {
            double sum = 0;
            for (double[] h : history) {
                sum += h[j];
            }
            mean[j] = sum / history.length;
            double ss = 0;
            for (double[] h : history) {
                ss += (h[j] - mean[j]) * (h[j] - mean[j]);
            }
            std[j] = Math.max(1e-3, Math.sqrt(ss / Math.max(1, history.length - 1)));
        }
        double[] ones = {1, 1, 1, 1};
        byte[] onnx = new OnnxGraph("flk-anomaly")
                .node("Sub", "centred", "features", "mean")
                .node("Div", "z", "centred", "std")
                .node("Mul", "z2", "z", "z")
                .node("MatMul", "d2", "z2", "ones")
                .constant("mean", new long[]{SIGNALS}, mean)
                .constant("std", new long[]{SIGNALS}, std)
                .constant("ones", new long[]{SIGNALS, 1}, ones)
                .input("features", SIGNALS)
                .output("d2", 1)
                .bytes("anomaly");
        return new AnomalyModel(history.length, mean, std, onnx);
    }

    public double distance(double[] signals) {
        return scorer.run(new double[][]{signals}, "d2")[0][0][0];
    }

    public long n() {
        return n;
    }

    public double[] mean() {
        return mean;
    }

    public double[] std() {
        return std;
    }

    public byte[] onnx() {
        return onnx;
    }

    @Override
    public void close() {
        scorer.close();
    }
}
