package io.fractallba.ml;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Runs an exported model's bytes with onnxruntime (one intra/inter-op thread: tiny models); input {@code features}
 * float[N, F]. {@link #score} reads the linear model's outputs ({@link OnnxWriter}); {@link #run} any outputs.
 */
public final class OnnxScorer implements AutoCloseable {

    /** A row's calibrated score and per-column contributions to its logit. */
    public record Scored(double score, double[] contributions) {
    }

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final int width;

    public OnnxScorer(byte[] model, int width) {
        this.width = width;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            this.session = ENV.createSession(model, options);
        } catch (OrtException e) {
            throw new IllegalArgumentException("not a loadable ONNX model: " + e.getMessage(), e);
        }
    }

    public Scored[] score(double[][] rows) {
        float[][][] out = run(rows, OnnxWriter.SCORE, OnnxWriter.CONTRIBUTIONS);
        Scored[] result = new Scored[rows.length];
        for (int i = 0; i < rows.length; i++) {
            double[] c = new double[width];
            for (int j = 0; j < width; j++) {
                c[j] = out[1][i][j];
            }
            result[i] = new Scored(out[0][i][0], c);
        }
        return result;
    }

    /** Runs the model on rows fed to its input {@code features} and returns the named [N, k] outputs. */
    public float[][][] run(double[][] rows, String... outputs) {
        FloatBuffer buf = FloatBuffer.allocate(rows.length * width);
        for (double[] r : rows) {
            if (r.length != width) {
                throw new IllegalArgumentException("expected " + width + " features, got " + r.length);
            }
            for (double v : r) {
                buf.put((float) v);
            }
        }
        buf.flip();
        try (OnnxTensor in = OnnxTensor.createTensor(ENV, buf, new long[]{rows.length, width});
             OrtSession.Result out = session.run(Map.of(OnnxWriter.INPUT, in))) {
            float[][][] result = new float[outputs.length][][];
            for (int k = 0; k < outputs.length; k++) {
                result[k] = (float[][]) out.get(outputs[k]).orElseThrow().getValue();
            }
            return result;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX scoring failed: " + e.getMessage(), e);
        }
    }

    public Scored score(double[] row) {
        return score(new double[][]{row})[0];
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing anyway
        }
    }
}
