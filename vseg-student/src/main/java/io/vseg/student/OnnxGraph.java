package io.vseg.student;

import io.vseg.api.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An ONNX graph built node by node and written as a model file, float32 NCHW with batch 1 and symbolic height
 * and width. The protobuf is encoded here (field numbers of onnx/onnx.proto), so exporting needs nothing beyond
 * the JDK. Each value is a name; {@link #channels} remembers how wide each is.
 */
final class OnnxGraph {
    /** ONNX IR version and default-domain opset the files declare (HardSwish needs 14). */
    static final long IR_VERSION = 8;
    static final long OPSET = 17;
    private static final int FLOAT = 1;
    private static final int ATTR_INT = 2;
    private static final int ATTR_STRING = 3;
    private static final int ATTR_INTS = 7;

    private final List<Proto> nodes = new ArrayList<>();
    private final List<Proto> initializers = new ArrayList<>();
    private final List<Proto> inputs = new ArrayList<>();
    private final List<Proto> outputs = new ArrayList<>();
    private final Map<String, Integer> channels = new HashMap<>();
    private int counter;

    /** A graph input of {@code c} channels and the given strides' symbolic size. */
    String input(String name, int c, int stride) {
        inputs.add(valueInfo(name, c, stride));
        channels.put(name, c);
        return name;
    }

    /** Marks {@code value} as the graph's output named {@code name} (an Identity if the names differ). */
    void output(String value, String name, int stride) {
        String out = value.equals(name) ? value : node("Identity", List.of(value), name);
        outputs.add(valueInfo(out, channels(value), stride));
    }

    int channels(String value) {
        Integer c = channels.get(value);
        if (c == null) {
            throw new IllegalStateException("no value " + value);
        }
        return c;
    }

    /**
     * A convolution with the given weights (out, in / groups, kh, kw) and bias; {@code samePad}: TensorFlow's
     * SAME (the odd pixel after), else none.
     */
    String conv(String x, float[] weight, long[] shape, float[] bias, int stride, boolean samePad) {
        String w = initializer("w", shape, weight);
        String b = initializer("b", new long[] {shape[0]}, bias);
        int groups = (int) (channels(x) / shape[1]);
        List<Proto> attrs = new ArrayList<>(List.of(
                ints("kernel_shape", shape[2], shape[3]),
                ints("strides", stride, stride),
                intAttr("group", groups)));
        attrs.add(samePad ? string("auto_pad", "SAME_UPPER") : ints("pads", 0, 0, 0, 0));
        String y = node("Conv", List.of(x, w, b), fresh("conv"), attrs.toArray(Proto[]::new));
        channels.put(y, (int) shape[0]);
        return y;
    }

    String relu(String x) {
        return same("Relu", x);
    }

    String sigmoid(String x) {
        return same("Sigmoid", x);
    }

    /** x * relu6(x + 3) / 6. */
    String hardSwish(String x) {
        return same("HardSwish", x);
    }

    /** The mean over height and width, kept as 1x1. */
    String spatialMean(String x) {
        return same("GlobalAveragePool", x);
    }

    String add(String a, String b) {
        return binary("Add", a, b);
    }

    /** Elementwise product, broadcasting a 1x1 gate over the other's pixels. */
    String mul(String a, String b) {
        return binary("Mul", a, b);
    }

    /** Bilinear x2 (half-pixel centres, as DJL's interpolation without aligned corners). */
    String upsample2(String x) {
        String scales = initializer("scales", new long[] {4}, new float[] {1, 1, 2, 2});
        String y = node("Resize", List.of(x, "", scales), fresh("up"), string("mode", "linear"),
                string("coordinate_transformation_mode", "half_pixel"));
        channels.put(y, channels(x));
        return y;
    }

    /** Channel {@code c * 4 + dy * 2 + dx} to pixel (2y + dy, 2x + dx) of channel c. */
    String depthToSpace2(String x) {
        String y = node("DepthToSpace", List.of(x), fresh("d2s"), intAttr("blocksize", 2), string("mode", "CRD"));
        channels.put(y, channels(x) / 4);
        return y;
    }

    private String same(String op, String x) {
        String y = node(op, List.of(x), fresh(op.toLowerCase(Locale.ROOT)));
        channels.put(y, channels(x));
        return y;
    }

    private String binary(String op, String a, String b) {
        String y = node(op, List.of(a, b), fresh(op.toLowerCase(Locale.ROOT)));
        channels.put(y, Math.max(channels(a), channels(b)));
        return y;
    }

    private String fresh(String prefix) {
        return prefix + "_" + counter++;
    }

    private String node(String op, List<String> in, String out, Proto... attrs) {
        Proto n = new Proto();
        in.forEach(i -> n.string(1, i));
        n.string(2, out).string(3, out).string(4, op);
        for (Proto a : attrs) {
            n.message(5, a);
        }
        nodes.add(n);
        return out;
    }

    private String initializer(String prefix, long[] dims, float[] data) {
        String name = fresh(prefix);
        ByteBuffer bb = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(data);
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        initializers.add(t.varint(2, FLOAT).string(8, name).bytes(9, bb.array()));
        return name;
    }

    /** A float tensor value: batch 1, {@code c} channels, height and width symbolic ("height_stride"). */
    private static Proto valueInfo(String name, int c, int stride) {
        String suffix = stride == 1 ? "" : "_" + stride;
        Proto shape = new Proto()
                .message(1, new Proto().varint(1, 1))
                .message(1, new Proto().varint(1, c))
                .message(1, new Proto().string(2, "height" + suffix))
                .message(1, new Proto().string(2, "width" + suffix));
        Proto tensor = new Proto().varint(1, FLOAT).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensor));
    }

    private static Proto ints(String name, long... values) {
        Proto a = new Proto().string(1, name);
        for (long v : values) {
            a.varint(8, v);
        }
        return a.varint(20, ATTR_INTS);
    }

    private static Proto intAttr(String name, long v) {
        return new Proto().string(1, name).varint(3, v).varint(20, ATTR_INT);
    }

    private static Proto string(String name, String v) {
        return new Proto().string(1, name).string(4, v).varint(20, ATTR_STRING);
    }

    /** Writes the model: the graph, named {@code name}, with the default-domain opset. */
    void write(Path file, String name) throws IOException {
        Proto graph = new Proto();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, name);
        initializers.forEach(t -> graph.message(5, t));
        inputs.forEach(i -> graph.message(11, i));
        outputs.forEach(o -> graph.message(12, o));
        Proto model = new Proto().varint(1, IR_VERSION).string(2, "vseg").message(7, graph)
                .message(8, new Proto().string(1, "").varint(2, OPSET));
        byte[] bytes = model.bytes();
        AtomicFiles.write(file, tmp -> Files.write(tmp, bytes));
    }

    /** A protobuf message being encoded. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        Proto varint(int field, long v) {
            raw((long) field << 3);
            raw(v);
            return this;
        }

        Proto bytes(int field, byte[] b) {
            raw(((long) field << 3) | 2);
            raw(b.length);
            out.writeBytes(b);
            return this;
        }

        Proto string(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto m) {
            return bytes(field, m.bytes());
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
