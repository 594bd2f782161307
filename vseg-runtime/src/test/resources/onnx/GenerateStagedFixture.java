/*
 * GenerateStagedFixture - writes the tiny "staged" ONNX test fixtures used by vseg-runtime tests.
 *
 * Network (float32, NCHW, batch 1, input 3x32x32), opset 13, IR version 8:
 *   stage1: Conv(3->4, k3, s2, p1) + bias -> Relu            "image"[1,3,32,32] -> "stage1"[1,4,16,16]
 *   stage2: Conv(4->8, k3, s2, p1) + bias -> Relu            "stage1"            -> "stage2"[1,8,8,8]
 *   logits: Conv(8->2, k1)(stage2) + bias
 *           + Conv(4->2, k1, s2)(stage1) + bias (skip)       "stage2","stage1"   -> "logits"[1,2,8,8]
 *
 * Files written to <outdir>:
 *   staged-full.onnx    input "image"; outputs "stage1", "stage2", "logits"
 *   staged-stage1.onnx  "image" -> "stage1"
 *   staged-stage2.onnx  "stage1" -> "stage2"
 *   staged-logits.onnx  "stage2", "stage1" -> "logits"
 * All files share identical initializer values (java.util.Random seed 42, generated in a fixed order),
 * so running stage1 -> stage2 -> logits reproduces the full model's "logits" output.
 *
 * The protobuf encoding is done by hand (no dependencies beyond the JDK); field numbers follow onnx/onnx.proto.
 * Output is byte-for-byte deterministic.
 *
 * Regenerate (from the repository root, JDK 11+ single-file launch):
 *   java vseg-runtime/src/test/resources/onnx/GenerateStagedFixture.java vseg-runtime/src/test/resources/onnx
 */
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

public class GenerateStagedFixture {

    // ---- ONNX constants ----
    static final long IR_VERSION = 8;
    static final long OPSET = 13;
    static final int FLOAT = 1;          // TensorProto.DataType.FLOAT
    static final int ATTR_INT = 2;       // AttributeProto.AttributeType.INT
    static final int ATTR_INTS = 7;      // AttributeProto.AttributeType.INTS

    // ---- minimal protobuf writer ----
    static final class Pb {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pb varint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
            return this;
        }

        Pb tag(int field, int wireType) { return varint(((long) field << 3) | wireType); }

        /** varint field (wire type 0): int32/int64/enum. */
        Pb int64(int field, long v) { return tag(field, 0).varint(v); }

        /** length-delimited field (wire type 2). */
        Pb bytes(int field, byte[] b) {
            tag(field, 2).varint(b.length);
            out.writeBytes(b);
            return this;
        }

        Pb string(int field, String s) { return bytes(field, s.getBytes(StandardCharsets.UTF_8)); }

        Pb message(int field, Pb m) { return bytes(field, m.toBytes()); }

        /** repeated int64, unpacked (proto2 default encoding used by onnx.proto). */
        Pb int64s(int field, long... vs) {
            for (long v : vs) int64(field, v);
            return this;
        }

        /** repeated int64, packed (parsers must accept either form). */
        Pb packedInt64s(int field, long... vs) {
            Pb p = new Pb();
            for (long v : vs) p.varint(v);
            return bytes(field, p.toBytes());
        }

        byte[] toBytes() { return out.toByteArray(); }
    }

    // ---- ONNX message builders ----

    /** TensorProto: dims=1, data_type=2, name=8, raw_data=9. */
    static Pb tensor(String name, long[] dims, float[] data) {
        ByteBuffer bb = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) bb.putFloat(f);
        return new Pb().int64s(1, dims).int64(2, FLOAT).string(8, name).bytes(9, bb.array());
    }

    /** ValueInfoProto(name=1, type=2) -> TypeProto(tensor_type=1) -> Tensor(elem_type=1, shape=2) -> TensorShapeProto(dim=1) -> Dimension(dim_value=1). */
    static Pb valueInfo(String name, long... dims) {
        Pb shape = new Pb();
        for (long d : dims) shape.message(1, new Pb().int64(1, d));
        Pb tensorType = new Pb().int64(1, FLOAT).message(2, shape);
        Pb type = new Pb().message(1, tensorType);
        return new Pb().string(1, name).message(2, type);
    }

    /** AttributeProto INTS: name=1, ints=8, type=20. */
    static Pb attrInts(String name, long... vs) {
        return new Pb().string(1, name).int64s(8, vs).int64(20, ATTR_INTS);
    }

    /** AttributeProto INT: name=1, i=3, type=20. */
    static Pb attrInt(String name, long v) {
        return new Pb().string(1, name).int64(3, v).int64(20, ATTR_INT);
    }

    /** NodeProto: input=1, output=2, name=3, op_type=4, attribute=5. */
    static Pb node(String name, String opType, String[] inputs, String[] outputs, Pb... attrs) {
        Pb n = new Pb();
        for (String i : inputs) n.string(1, i);
        for (String o : outputs) n.string(2, o);
        n.string(3, name).string(4, opType);
        for (Pb a : attrs) n.message(5, a);
        return n;
    }

    static Pb[] convAttrs(long kernel, long stride, long pad) {
        return new Pb[] {
            attrInts("kernel_shape", kernel, kernel),
            attrInts("strides", stride, stride),
            attrInts("pads", pad, pad, pad, pad),
            attrInts("dilations", 1, 1),
            attrInt("group", 1),
        };
    }

    // ---- weights ----
    record Param(String name, long[] dims, float[] data) {
        Pb proto() { return tensor(name, dims, data); }
    }

    static Param weight(Random r, String name, int out, int in, int k) {
        int fanIn = in * k * k;
        double scale = 0.5 / Math.sqrt(fanIn);
        float[] d = new float[out * fanIn];
        for (int i = 0; i < d.length; i++) d[i] = (float) (r.nextGaussian() * scale);
        return new Param(name, new long[] {out, in, k, k}, d);
    }

    static Param bias(Random r, String name, int out) {
        float[] d = new float[out];
        for (int i = 0; i < d.length; i++) d[i] = (float) (r.nextGaussian() * 0.05);
        return new Param(name, new long[] {out}, d);
    }

    // Generated once in a fixed order; every file reuses these exact values.
    static final Param W1, B1, W2, B2, W3, B3, WS, BS;
    static {
        Random r = new Random(42);
        W1 = weight(r, "stage1.conv.weight", 4, 3, 3);
        B1 = bias(r, "stage1.conv.bias", 4);
        W2 = weight(r, "stage2.conv.weight", 8, 4, 3);
        B2 = bias(r, "stage2.conv.bias", 8);
        W3 = weight(r, "logits.conv.weight", 2, 8, 1);
        B3 = bias(r, "logits.conv.bias", 2);
        WS = weight(r, "logits.skip.weight", 2, 4, 1);
        BS = bias(r, "logits.skip.bias", 2);
    }

    // ---- stages ----
    static final class GraphParts {
        final List<Pb> nodes = new ArrayList<>();
        final List<Pb> inits = new ArrayList<>();
    }

    static void stage1(GraphParts g) {
        g.nodes.add(node("stage1/conv", "Conv", new String[] {"image", W1.name(), B1.name()},
                new String[] {"stage1/conv_out"}, convAttrs(3, 2, 1)));
        g.nodes.add(node("stage1/relu", "Relu", new String[] {"stage1/conv_out"}, new String[] {"stage1"}));
        g.inits.add(W1.proto());
        g.inits.add(B1.proto());
    }

    static void stage2(GraphParts g) {
        g.nodes.add(node("stage2/conv", "Conv", new String[] {"stage1", W2.name(), B2.name()},
                new String[] {"stage2/conv_out"}, convAttrs(3, 2, 1)));
        g.nodes.add(node("stage2/relu", "Relu", new String[] {"stage2/conv_out"}, new String[] {"stage2"}));
        g.inits.add(W2.proto());
        g.inits.add(B2.proto());
    }

    static void logits(GraphParts g) {
        g.nodes.add(node("logits/conv", "Conv", new String[] {"stage2", W3.name(), B3.name()},
                new String[] {"logits/main"}, convAttrs(1, 1, 0)));
        g.nodes.add(node("logits/skip", "Conv", new String[] {"stage1", WS.name(), BS.name()},
                new String[] {"logits/skip"}, convAttrs(1, 2, 0)));
        g.nodes.add(node("logits/add", "Add", new String[] {"logits/main", "logits/skip"}, new String[] {"logits"}));
        g.inits.add(W3.proto());
        g.inits.add(B3.proto());
        g.inits.add(WS.proto());
        g.inits.add(BS.proto());
    }

    static final long[] IMAGE = {1, 3, 32, 32};
    static final long[] STAGE1 = {1, 4, 16, 16};
    static final long[] STAGE2 = {1, 8, 8, 8};
    static final long[] LOGITS = {1, 2, 8, 8};

    /** ModelProto: ir_version=1, producer_name=2, graph=7, opset_import=8. GraphProto: node=1, name=2, initializer=5, input=11, output=12. */
    static byte[] model(String graphName, GraphParts parts, List<Pb> inputs, List<Pb> outputs) {
        Pb graph = new Pb();
        for (Pb n : parts.nodes) graph.message(1, n);
        graph.string(2, graphName);
        for (Pb t : parts.inits) graph.message(5, t);
        for (Pb i : inputs) graph.message(11, i);
        for (Pb o : outputs) graph.message(12, o);

        Pb opset = new Pb().string(1, "").int64(2, OPSET);   // OperatorSetIdProto: domain=1, version=2
        return new Pb()
                .int64(1, IR_VERSION)
                .string(2, "vseg-fixture-generator")
                .message(7, graph)
                .message(8, opset)
                .toBytes();
    }

    public static void main(String[] args) throws IOException {
        Path outDir = Path.of(args.length > 0 ? args[0] : ".");
        Files.createDirectories(outDir);

        GraphParts full = new GraphParts();
        stage1(full);
        stage2(full);
        logits(full);
        write(outDir, "staged-full.onnx", model("staged_full", full,
                List.of(valueInfo("image", IMAGE)),
                List.of(valueInfo("stage1", STAGE1), valueInfo("stage2", STAGE2), valueInfo("logits", LOGITS))));

        GraphParts s1 = new GraphParts();
        stage1(s1);
        write(outDir, "staged-stage1.onnx", model("staged_stage1", s1,
                List.of(valueInfo("image", IMAGE)), List.of(valueInfo("stage1", STAGE1))));

        GraphParts s2 = new GraphParts();
        stage2(s2);
        write(outDir, "staged-stage2.onnx", model("staged_stage2", s2,
                List.of(valueInfo("stage1", STAGE1)), List.of(valueInfo("stage2", STAGE2))));

        GraphParts lg = new GraphParts();
        logits(lg);
        write(outDir, "staged-logits.onnx", model("staged_logits", lg,
                List.of(valueInfo("stage2", STAGE2), valueInfo("stage1", STAGE1)),
                List.of(valueInfo("logits", LOGITS))));
    }

    static void write(Path dir, String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        System.out.println("wrote " + p + " (" + bytes.length + " bytes)");
    }
}
