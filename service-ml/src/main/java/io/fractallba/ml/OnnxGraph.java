package io.fractallba.ml;

import com.google.protobuf.CodedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small ONNX graph builder over protobuf-java's {@link CodedOutputStream} and the field numbers of onnx.proto
 * (opset 13, IR 8), so services export models without generated classes. Float tensors only; the batch dimension of
 * inputs and outputs is the symbolic {@code N}.
 */
public final class OnnxGraph {

    private static final int FLOAT = 1;
    private static final int OPSET = 13;
    private static final long IR_VERSION = 8;

    private final String name;
    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();

    public OnnxGraph(String name) {
        this.name = name;
    }

    /** NodeProto: input 1, output 2, name 3, op_type 4 (operators without attributes). */
    public OnnxGraph node(String op, String output, String... in) {
        nodes.add(message(n -> {
            for (String i : in) {
                n.writeString(1, i);
            }
            n.writeString(2, output);
            n.writeString(3, op + "_" + output);
            n.writeString(4, op);
        }));
        return this;
    }

    /** TensorProto initializer: dims 1, data_type 2, name 8, raw_data 9 (little-endian floats). */
    public OnnxGraph constant(String tensor, long[] dims, double[] values) {
        initializers.add(message(t -> {
            for (long d : dims) {
                t.writeInt64(1, d);
            }
            t.writeInt32(2, FLOAT);
            t.writeString(8, tensor);
            ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : values) {
                raw.putFloat((float) v);
            }
            t.writeByteArray(9, raw.array());
        }));
        return this;
    }

    /** A graph input of shape [N, columns]. */
    public OnnxGraph input(String tensor, int columns) {
        inputs.add(valueInfo(tensor, columns));
        return this;
    }

    /** A graph output of shape [N, columns]. */
    public OnnxGraph output(String tensor, int columns) {
        outputs.add(valueInfo(tensor, columns));
        return this;
    }

    /** ModelProto: ir_version 1, producer_name 2, producer_version 3, graph 7, opset_import 8. */
    public byte[] bytes(String version) {
        byte[] graph = message(g -> {
            for (byte[] n : nodes) {
                g.writeByteArray(1, n);
            }
            g.writeString(2, name);
            for (byte[] t : initializers) {
                g.writeByteArray(5, t);
            }
            for (byte[] i : inputs) {
                g.writeByteArray(11, i);
            }
            for (byte[] o : outputs) {
                g.writeByteArray(12, o);
            }
        });
        return message(m -> {
            m.writeInt64(1, IR_VERSION);
            m.writeString(2, "fractal-lba");
            m.writeString(3, version);
            m.writeByteArray(7, graph);
            m.writeByteArray(8, message(op -> {
                op.writeString(1, "");
                op.writeInt64(2, OPSET);
            }));
        });
    }

    /** ValueInfoProto name 1, type 2 → TypeProto.tensor_type 1 → elem_type 1, shape 2 → dim 1 (dim_value 1 / dim_param 2). */
    private static byte[] valueInfo(String tensor, int columns) {
        return message(v -> {
            v.writeString(1, tensor);
            v.writeByteArray(2, message(type -> type.writeByteArray(1, message(t -> {
                t.writeInt32(1, FLOAT);
                t.writeByteArray(2, message(shape -> {
                    shape.writeByteArray(1, message(d -> d.writeByteArray(2, "N".getBytes(StandardCharsets.UTF_8))));
                    shape.writeByteArray(1, message(d -> d.writeInt64(1, columns)));
                }));
            }))));
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
}
