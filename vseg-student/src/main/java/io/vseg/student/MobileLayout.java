package io.vseg.student;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.vseg.learn.ConvBlocks;
import java.util.ArrayList;
import java.util.List;

/**
 * The blocks of the {@code mobile} layout (table on {@link StudentArchitecture}): MobileNetV3-style inverted
 * residual blocks with the widths of the encoder of MediaPipe's selfie segmentation model, and that model's
 * decoder levels (skip fusion) as the head. Convolutions carry biases and no batch norm follows them (the form
 * that network ships in, its norms folded), and their order under each block is the source network's, which
 * {@link PretrainedWeights} relies on.
 */
final class MobileLayout {
    static final int STEM = 16;
    static final int STAGE1_OUT = 16;
    static final int STAGE2_OUT = 24;
    static final int STAGE3_OUT = 128;

    /** One inverted residual block: widths, depthwise kernel and stride, squeeze-excite width (0: none). */
    record Spec(int in, int expand, int kernel, int stride, int se, boolean hardSwish, int out) {
        boolean residual() {
            return stride == 1 && in == out;
        }
    }

    static final List<Spec> STAGE1 = List.of(new Spec(STEM, 16, 3, 2, 8, false, STAGE1_OUT));
    static final List<Spec> STAGE2 = List.of(
            new Spec(STAGE1_OUT, 72, 3, 2, 0, false, STAGE2_OUT),
            new Spec(STAGE2_OUT, 88, 3, 1, 0, false, STAGE2_OUT));
    static final List<Spec> STAGE3 = List.of(
            new Spec(STAGE2_OUT, 96, 5, 2, 24, true, 32),
            new Spec(32, 128, 5, 1, 32, true, 32),
            new Spec(32, 128, 5, 1, 32, true, 32),
            new Spec(32, 96, 5, 1, 24, true, 32),
            new Spec(32, 96, 5, 1, 24, true, 32));

    /** The head's widths: its fusion at stride 8 (with stage2), at stride 4 (with stage1) and at 2 (the stem). */
    static final int FUSE2_OUT = STAGE2_OUT;
    static final int FUSE1_OUT = STAGE1_OUT;
    static final int FUSE0_OUT = STEM;

    private MobileLayout() {
    }

    /** The head's fusion of the upsampled deeper output (stage3, then fuse2, fuse1) with stage2, stage1, stem. */
    static Block fuse2() {
        return new SkipFusion(FUSE2_OUT);
    }

    static Block fuse1() {
        return new SkipFusion(FUSE1_OUT);
    }

    static Block fuse0() {
        return new SkipFusion(FUSE0_OUT);
    }

    /** The classifier: a 2x2 transposed convolution of stride 2, from the stem's grid to the input's. */
    static Block classifier(int classes) {
        return new UpClassifier(classes);
    }

    /** Multiply-accumulates of the head (the three fusions and the classifier) for {@code width x height}. */
    static long headMacs(int width, int height, int classes) {
        long p2 = (long) (width / 2) * (height / 2);
        long p4 = p2 / 4;
        long p8 = p4 / 4;
        return fusionMacs(p8, STAGE3_OUT, FUSE2_OUT) + fusionMacs(p4, FUSE2_OUT, FUSE1_OUT)
                + fusionMacs(p2, FUSE1_OUT, FUSE0_OUT) + p2 * 4 * classes * FUSE0_OUT;
    }

    private static long fusionMacs(long pixels, int in, int out) {
        return pixels * out * in + 2L * out * out + pixels * out * out + pixels * out * 9;
    }

    static Block stem() {
        return new ConvAct(STEM, 3, 2, 1, Act.HARD_SWISH);
    }

    static Block stage1() {
        SequentialBlock b = new SequentialBlock();
        STAGE1.forEach(s -> b.add(new InvertedResidual(s)));
        return b;
    }

    static Block stage2() {
        SequentialBlock b = new SequentialBlock();
        STAGE2.forEach(s -> b.add(new InvertedResidual(s)));
        return b;
    }

    static Block stage3() {
        SequentialBlock b = new SequentialBlock();
        STAGE3.forEach(s -> b.add(new InvertedResidual(s)));
        return b.add(new GatedProjection(STAGE3_OUT));
    }

    /** Multiply-accumulates of the stem, stage1, stage2 and stage3 for an input of {@code width x height}. */
    static long[] macs(int width, int height) {
        long p2 = (long) (width / 2) * (height / 2);
        long stem = p2 * STEM * 3 * 9;
        long[] pixels = {p2};
        long s1 = blocks(STAGE1, pixels);
        long s2 = blocks(STAGE2, pixels);
        long s3 = blocks(STAGE3, pixels);
        int in = STAGE3.get(STAGE3.size() - 1).out();
        s3 += pixels[0] * STAGE3_OUT * in + (long) STAGE3_OUT * in;
        return new long[] {stem, s1, s2, s3};
    }

    private static long blocks(List<Spec> specs, long[] pixels) {
        long m = 0;
        for (Spec s : specs) {
            long before = pixels[0];
            long after = before / ((long) s.stride() * s.stride());
            m += before * s.expand() * s.in() + after * s.expand() * s.kernel() * s.kernel()
                    + 2L * s.expand() * s.se() + after * s.out() * s.expand();
            pixels[0] = after;
        }
        return m;
    }

    /** Every convolution of the given blocks, in the source network's order (transposed ones excluded). */
    static List<Conv2d> convolutions(Block... stages) {
        List<Conv2d> out = new ArrayList<>();
        for (Block b : stages) {
            collect(b, out);
        }
        return out;
    }

    private static void collect(Block b, List<Conv2d> out) {
        if (b instanceof Conv2d c) {
            out.add(c);
            return;
        }
        b.getChildren().values().forEach(child -> collect(child, out));
    }

    /** A block that writes itself into an ONNX graph, computing what its forward pass computes. */
    interface Exportable {
        /** Adds the block's nodes reading {@code inputs}; returns its output. */
        String onnx(OnnxGraph g, List<String> inputs);
    }

    /** Adds {@code b} to the graph: a sequence, a 1x1 convolution or an {@link Exportable} block. */
    static String onnx(Block b, OnnxGraph g, String x) {
        if (b instanceof Exportable e) {
            return e.onnx(g, List.of(x));
        }
        if (b instanceof Conv2d c) {
            return conv(g, x, c, 1, false);
        }
        if (b instanceof SequentialBlock s) {
            String y = x;
            for (Block child : s.getChildren().values()) {
                y = onnx(child, g, y);
            }
            return y;
        }
        throw new IllegalArgumentException("no ONNX form for " + b.getClass().getSimpleName());
    }

    private static String conv(OnnxGraph g, String x, Conv2d c, int stride, boolean samePad) {
        NDArray w = c.getParameters().get("weight").getArray();
        NDArray b = c.getParameters().get("bias").getArray();
        return g.conv(x, w.toFloatArray(), w.getShape().getShape(), b.toFloatArray(), stride, samePad);
    }

    enum Act {
        NONE, RELU, HARD_SWISH;

        NDArray apply(NDArray x) {
            return switch (this) {
                case NONE -> x;
                case RELU -> Activation.relu(x);
                // x * relu6(x + 3) / 6
                case HARD_SWISH -> x.mul(x.add(3f).clip(0f, 6f)).div(6f);
            };
        }

        String onnx(OnnxGraph g, String x) {
            return switch (this) {
                case NONE -> x;
                case RELU -> g.relu(x);
                case HARD_SWISH -> g.hardSwish(x);
            };
        }
    }

    /** The mean over height and width, kept as 1x1: one pooling call (reductions go one axis per call). */
    private static NDArray spatialMean(NDArray x) {
        Shape window = new Shape(x.getShape().get(2), x.getShape().get(3));
        return x.getNDArrayInternal().avgPool(window, window, new Shape(0, 0), false, true);
    }

    private static Shape spatial(Shape s, long h, long w, long channels) {
        return new Shape(s.get(0), channels, h, w);
    }

    /**
     * A convolution with TensorFlow's SAME padding and an activation. On stride 1 the padding is symmetric; on
     * stride 2 it is the odd total of SAME split with the extra pixel after, padded explicitly.
     */
    static final class ConvAct extends AbstractBlock implements Exportable {
        private final int kernel;
        private final int stride;
        private final int filters;
        private final Act act;
        private final Conv2d conv;

        ConvAct(int filters, int kernel, int stride, int groups, Act act) {
            super((byte) 1);
            this.kernel = kernel;
            this.stride = stride;
            this.filters = filters;
            this.act = act;
            int pad = stride == 1 ? kernel / 2 : 0;
            this.conv = addChildBlock("conv", ConvBlocks.conv(filters, kernel, stride, pad, groups, true));
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            if (stride != 1) {
                long[] ph = samePad(x.getShape().get(2));
                long[] pw = samePad(x.getShape().get(3));
                x = x.pad(new Shape(pw[0], pw[1], ph[0], ph[1]), 0);
            }
            return new NDList(act.apply(conv.forward(ps, new NDList(x), training).singletonOrThrow()));
        }

        @Override
        public String onnx(OnnxGraph g, List<String> inputs) {
            return act.onnx(g, conv(g, inputs.get(0), conv, stride, true));
        }

        private long[] samePad(long size) {
            long out = (size + stride - 1) / stride;
            long total = Math.max((out - 1) * stride + kernel - size, 0);
            return new long[] {total / 2, total - total / 2};
        }

        private Shape padded(Shape in) {
            if (stride == 1) {
                return in;
            }
            long[] ph = samePad(in.get(2));
            long[] pw = samePad(in.get(3));
            return new Shape(in.get(0), in.get(1), in.get(2) + ph[0] + ph[1], in.get(3) + pw[0] + pw[1]);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape in = inputShapes[0];
            long h = (in.get(2) + stride - 1) / stride;
            long w = (in.get(3) + stride - 1) / stride;
            return new Shape[] {spatial(in, h, w, filters)};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            conv.initialize(manager, dataType, padded(inputShapes[0]));
        }
    }

    /** Expand, depthwise, optional squeeze-excite, project; plus the input when stride and widths allow. */
    static final class InvertedResidual extends AbstractBlock implements Exportable {
        private final Spec spec;
        private final ConvAct expand;
        private final ConvAct depthwise;
        private final Conv2d seReduce;
        private final Conv2d seExpand;
        private final Conv2d project;

        InvertedResidual(Spec spec) {
            super((byte) 1);
            this.spec = spec;
            Act act = spec.hardSwish() ? Act.HARD_SWISH : Act.RELU;
            this.expand = addChildBlock("expand", new ConvAct(spec.expand(), 1, 1, 1, act));
            this.depthwise = addChildBlock("depthwise",
                    new ConvAct(spec.expand(), spec.kernel(), spec.stride(), spec.expand(), act));
            this.seReduce = spec.se() > 0 ? addChildBlock("seReduce", ConvBlocks.conv1x1(spec.se())) : null;
            this.seExpand = spec.se() > 0 ? addChildBlock("seExpand", ConvBlocks.conv1x1(spec.expand())) : null;
            this.project = addChildBlock("project", ConvBlocks.conv1x1(spec.out()));
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDArray in = inputs.singletonOrThrow();
            NDArray x = expand.forward(ps, new NDList(in), training).singletonOrThrow();
            x = depthwise.forward(ps, new NDList(x), training).singletonOrThrow();
            if (seReduce != null) {
                NDArray g = spatialMean(x);
                g = Activation.relu(seReduce.forward(ps, new NDList(g), training).singletonOrThrow());
                g = Activation.sigmoid(seExpand.forward(ps, new NDList(g), training).singletonOrThrow());
                x = x.mul(g);
            }
            x = project.forward(ps, new NDList(x), training).singletonOrThrow();
            return new NDList(spec.residual() ? x.add(in) : x);
        }

        @Override
        public String onnx(OnnxGraph g, List<String> inputs) {
            String in = inputs.get(0);
            String x = depthwise.onnx(g, List.of(expand.onnx(g, inputs)));
            if (seReduce != null) {
                String gate = g.relu(MobileLayout.onnx(seReduce, g, g.spatialMean(x)));
                x = g.mul(x, g.sigmoid(MobileLayout.onnx(seExpand, g, gate)));
            }
            x = MobileLayout.onnx(project, g, x);
            return spec.residual() ? g.add(x, in) : x;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape in = inputShapes[0];
            Shape d = depthwise.getOutputShapes(expand.getOutputShapes(inputShapes))[0];
            return new Shape[] {spatial(in, d.get(2), d.get(3), spec.out())};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape in = inputShapes[0];
            expand.initialize(manager, dataType, in);
            Shape e = expand.getOutputShapes(new Shape[] {in})[0];
            depthwise.initialize(manager, dataType, e);
            Shape d = depthwise.getOutputShapes(new Shape[] {e})[0];
            Shape pooled = new Shape(in.get(0), spec.expand(), 1, 1);
            if (seReduce != null) {
                seReduce.initialize(manager, dataType, pooled);
                seExpand.initialize(manager, dataType, new Shape(in.get(0), spec.se(), 1, 1));
            }
            project.initialize(manager, dataType, d);
        }
    }

    /** ReLU(1x1 conv of x) scaled by sigmoid(1x1 conv of x's spatial mean), LR-ASPP's projection. */
    static final class GatedProjection extends AbstractBlock implements Exportable {
        private final int filters;
        private final Conv2d branch;
        private final Conv2d gate;

        GatedProjection(int filters) {
            super((byte) 1);
            this.filters = filters;
            this.branch = addChildBlock("branch", ConvBlocks.conv1x1(filters));
            this.gate = addChildBlock("gate", ConvBlocks.conv1x1(filters));
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            NDArray b = Activation.relu(branch.forward(ps, new NDList(x), training).singletonOrThrow());
            NDArray g = gate.forward(ps, new NDList(spatialMean(x)), training).singletonOrThrow();
            return new NDList(b.mul(Activation.sigmoid(g)));
        }

        @Override
        public String onnx(OnnxGraph g, List<String> inputs) {
            String x = inputs.get(0);
            String b = g.relu(MobileLayout.onnx(branch, g, x));
            return g.mul(b, g.sigmoid(MobileLayout.onnx(gate, g, g.spatialMean(x))));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape in = inputShapes[0];
            return new Shape[] {spatial(in, in.get(2), in.get(3), filters)};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape in = inputShapes[0];
            branch.initialize(manager, dataType, in);
            gate.initialize(manager, dataType, new Shape(in.get(0), in.get(1), 1, 1));
        }
    }

    /**
     * A 2x2 transposed convolution of stride 2 (kernels that do not overlap), as a 1x1 convolution to four
     * sub-pixel channels per class, {@code class * 4 + dy * 2 + dx}, and a depth-to-space: the same function, and
     * DJL's PyTorch engine has no transposed convolution.
     */
    static final class UpClassifier extends AbstractBlock implements Exportable {
        private final int classes;
        private final Conv2d conv;

        UpClassifier(int classes) {
            super((byte) 1);
            this.classes = classes;
            this.conv = addChildBlock("conv", ConvBlocks.conv1x1(classes * 4));
        }

        /** The 1x1 convolution: weight {@code (classes * 4, in, 1, 1)}. */
        Conv2d convolution() {
            return conv;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDArray y = conv.forward(ps, inputs, training).singletonOrThrow();
            Shape s = y.getShape();
            long n = s.get(0);
            long h = s.get(2);
            long w = s.get(3);
            // (n, class, dy, dx, h, w) -> (n, class, h, dy, w, dx)
            y = y.reshape(n, classes, 2, 2, h, w).transpose(0, 1, 4, 2, 5, 3);
            return new NDList(y.reshape(n, classes, h * 2, w * 2));
        }

        @Override
        public String onnx(OnnxGraph g, List<String> inputs) {
            return g.depthToSpace2(MobileLayout.onnx(conv, g, inputs.get(0)));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape in = inputShapes[0];
            return new Shape[] {spatial(in, in.get(2) * 2, in.get(3) * 2, classes)};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            conv.initialize(manager, dataType, inputShapes[0]);
        }
    }

    /**
     * One level of the selfie model's decoder: the deeper output, upsampled x2 (bilinear) and projected by a 1x1
     * to the skip's width, plus the skip scaled by a squeeze-excite gate computed from their sum; then a 1x1 +
     * ReLU and a residual 3x3 depthwise + ReLU. Inputs: {@code [deeper, skip]}.
     */
    static final class SkipFusion extends AbstractBlock implements Exportable {
        private final int filters;
        private final Conv2d project;
        private final Conv2d gateReduce;
        private final Conv2d gateExpand;
        private final ConvAct refine;
        private final ConvAct depthwise;

        SkipFusion(int filters) {
            super((byte) 1);
            this.filters = filters;
            this.project = addChildBlock("project", ConvBlocks.conv1x1(filters));
            this.gateReduce = addChildBlock("gateReduce", ConvBlocks.conv1x1(filters));
            this.gateExpand = addChildBlock("gateExpand", ConvBlocks.conv1x1(filters));
            this.refine = addChildBlock("refine", new ConvAct(filters, 1, 1, 1, Act.RELU));
            this.depthwise = addChildBlock("depthwise", new ConvAct(filters, 3, 1, filters, Act.RELU));
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDArray skip = inputs.get(1);
            NDArray up = ConvBlocks.resize(inputs.get(0), skip.getShape().get(2), skip.getShape().get(3));
            NDArray y = project.forward(ps, new NDList(up), training).singletonOrThrow();
            NDArray g = Activation.relu(gateReduce.forward(ps, new NDList(spatialMean(y.add(skip))), training)
                    .singletonOrThrow());
            g = Activation.sigmoid(gateExpand.forward(ps, new NDList(g), training).singletonOrThrow());
            NDArray x = refine.forward(ps, new NDList(y.add(skip.mul(g))), training).singletonOrThrow();
            return new NDList(x.add(depthwise.forward(ps, new NDList(x), training).singletonOrThrow()));
        }

        /** As the forward pass; the skip is twice the deeper input's size, as the network's inputs make it. */
        @Override
        public String onnx(OnnxGraph g, List<String> inputs) {
            String skip = inputs.get(1);
            String y = MobileLayout.onnx(project, g, g.upsample2(inputs.get(0)));
            String gate = g.relu(MobileLayout.onnx(gateReduce, g, g.spatialMean(g.add(y, skip))));
            gate = g.sigmoid(MobileLayout.onnx(gateExpand, g, gate));
            String x = refine.onnx(g, List.of(g.add(y, g.mul(skip, gate))));
            return g.add(x, depthwise.onnx(g, List.of(x)));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape skip = inputShapes[1];
            return new Shape[] {spatial(skip, skip.get(2), skip.get(3), filters)};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape deep = inputShapes[0];
            Shape skip = inputShapes[1];
            Shape out = spatial(skip, skip.get(2), skip.get(3), filters);
            project.initialize(manager, dataType, spatial(deep, skip.get(2), skip.get(3), deep.get(1)));
            Shape pooled = new Shape(skip.get(0), filters, 1, 1);
            gateReduce.initialize(manager, dataType, pooled);
            gateExpand.initialize(manager, dataType, pooled);
            refine.initialize(manager, dataType, out);
            depthwise.initialize(manager, dataType, out);
        }
    }
}
