package io.fractallba.hrs.model;

import com.google.protobuf.CodedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link TrainedModel} as an ONNX graph (opset 13) with protobuf-java's {@link CodedOutputStream} and the
 * field numbers of onnx.proto, so no generated classes or converter are needed:
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
    private static final int FLOAT = 1;
    private static final int OPSET = 13;
    private static final long IR_VERSION = 8;

    private OnnxWriter() {
    }

    public static byte[] write(TrainedModel m, String version) {
        int f = m.columns().size();
        float[] ones = new float[f];
        java.util.Arrays.fill(ones, 1f);
        byte[] graph = message(g -> {
            node(g, "IsNaN", new String[]{INPUT}, "nan");
            node(g, "Where", new String[]{"nan", "mean", INPUT}, "imputed");
            node(g, "Sub", new String[]{"imputed", "mean"}, "centred");
            node(g, "Div", new String[]{"centred", "std"}, "z");
            node(g, "Mul", new String[]{"z", "w"}, CONTRIBUTIONS);
            node(g, "MatMul", new String[]{CONTRIBUTIONS, "ones"}, "sum");
            node(g, "Add", new String[]{"sum", "bias"}, "logit");
            node(g, "Sigmoid", new String[]{"logit"}, SCORE);
            g.writeString(2, "hrs-" + version);
            tensor(g, "mean", new long[]{f}, toFloat(m.mean()));
            tensor(g, "std", new long[]{f}, toFloat(m.std()));
            tensor(g, "w", new long[]{f}, toFloat(m.weights()));
            tensor(g, "ones", new long[]{f, 1}, ones);
            tensor(g, "bias", new long[]{1}, new float[]{(float) m.bias()});
            valueInfo(g, 11, INPUT, f);
            valueInfo(g, 12, SCORE, 1);
            valueInfo(g, 12, CONTRIBUTIONS, f);
        });
        return message(o -> {
            o.writeInt64(1, IR_VERSION);
            o.writeString(2, "fractal-lba hrs-service");
            o.writeString(3, version);
            o.writeByteArray(7, graph);
            o.writeByteArray(8, message(op -> {
                op.writeString(1, "");
                op.writeInt64(2, OPSET);
            }));
        });
    }

    private interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            body.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GraphProto.node (1): NodeProto input 1, output 2, name 3, op_type 4. */
    private static void node(CodedOutputStream g, String op, String[] inputs, String output) throws IOException {
        g.writeByteArray(1, message(n -> {
            for (String in : inputs) {
                n.writeString(1, in);
            }
            n.writeString(2, output);
            n.writeString(3, op + "_" + output);
            n.writeString(4, op);
        }));
    }

    /** GraphProto.initializer (5): TensorProto dims 1, data_type 2, name 8, raw_data 9 (little-endian). */
    private static void tensor(CodedOutputStream g, String name, long[] dims, float[] values) throws IOException {
        g.writeByteArray(5, message(t -> {
            for (long d : dims) {
                t.writeInt64(1, d);
            }
            t.writeInt32(2, FLOAT);
            t.writeString(8, name);
            java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                raw.putFloat(v);
            }
            t.writeByteArray(9, raw.array());
        }));
    }

    /** ValueInfoProto name 1, type 2 → TypeProto.tensor_type 1 → elem_type 1, shape 2 → dim 1 (dim_value 1 / dim_param 2). */
    private static void valueInfo(CodedOutputStream g, int field, String name, int columns) throws IOException {
        g.writeByteArray(field, message(v -> {
            v.writeString(1, name);
            v.writeByteArray(2, message(type -> type.writeByteArray(1, message(tensor -> {
                tensor.writeInt32(1, FLOAT);
                tensor.writeByteArray(2, message(shape -> {
                    shape.writeByteArray(1, message(d -> d.writeByteArray(2, "N".getBytes(StandardCharsets.UTF_8))));
                    shape.writeByteArray(1, message(d -> d.writeInt64(1, columns)));
                }));
            }))));
        }));
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
