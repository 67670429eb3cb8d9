package io.fractallba.hrs.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.Map;

/** Scores feature vectors with onnxruntime from an exported model's bytes (one intra/inter-op thread: tiny model). */
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
            float[][] score = (float[][]) out.get(OnnxWriter.SCORE).orElseThrow().getValue();
            float[][] contrib = (float[][]) out.get(OnnxWriter.CONTRIBUTIONS).orElseThrow().getValue();
            Scored[] result = new Scored[rows.length];
            for (int i = 0; i < rows.length; i++) {
                double[] c = new double[width];
                for (int j = 0; j < width; j++) {
                    c[j] = contrib[i][j];
                }
                result[i] = new Scored(score[i][0], c);
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
