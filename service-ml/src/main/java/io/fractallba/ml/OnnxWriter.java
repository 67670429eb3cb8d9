package io.fractallba.ml;

import java.util.Arrays;

/**
 * Writes a {@link TrainedModel} as an ONNX graph ({@link OnnxGraph}):
 * <pre>
 *   Xi = Where(IsNaN(X), mean, X); Z = (Xi − mean) / std; contributions = Z · w
 *   score = Sigmoid(contributions · 1 + bias)
 * </pre>
 * Inputs {@code features} float[N, F]; outputs {@code score} float[N, 1] and {@code contributions} float[N, F].
 */
public final class OnnxWriter {

    public static final String INPUT = "features";
    public static final String SCORE = "score";
    public static final String CONTRIBUTIONS = "contributions";

    private OnnxWriter() {
    }

    public static byte[] write(TrainedModel m, String version) {
        int f = m.columns().size();
        double[] ones = new double[f];
        Arrays.fill(ones, 1);
        return new OnnxGraph("flk-" + version)
                .node("IsNaN", "nan", INPUT)
                .node("Where", "imputed", "nan", "mean", INPUT)
                .node("Sub", "centred", "imputed", "mean")
                .node("Div", "z", "centred", "std")
                .node("Mul", CONTRIBUTIONS, "z", "w")
                .node("MatMul", "sum", CONTRIBUTIONS, "ones")
                .node("Add", "logit", "sum", "bias")
                .node("Sigmoid", SCORE, "logit")
                .constant("mean", new long[]{f}, m.mean())
                .constant("std", new long[]{f}, m.std())
                .constant("w", new long[]{f}, m.weights())
                .constant("ones", new long[]{f, 1}, ones)
                .constant("bias", new long[]{1}, new double[]{m.bias()})
                .input(INPUT, f)
                .output(SCORE, 1)
                .output(CONTRIBUTIONS, f)
                .bytes(version);
    }
}
