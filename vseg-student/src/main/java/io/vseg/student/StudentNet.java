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
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.vseg.learn.ConvBlocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * vseg's staged student network as DJL blocks (the layer table is on {@link StudentArchitecture}). Each stage
 * can run alone on the outputs of the stages it reads, so a scheduler can refresh the deep stage less often
 * than the shallow ones; the full forward pass returns {@code [logits, scores2]} (logits at stride 4 in the
 * plain layout, at the input's resolution in the mobile one; scores2 at stride 8).
 *
 * <p>Input: a batch of normalized RGB images, NCHW, height and width multiples of 16.
 */
public final class StudentNet extends AbstractBlock {
    private static final byte VERSION = 1;
    private static final String LOGITS = "logits";
    /** DJL's default batch-norm epsilon, which training used. */
    private static final float BN_EPSILON = 1e-5f;

    private final StudentArchitecture arch;
    private final boolean folded;
    /** The mobile layout's first convolution, a stage of its own since the head reads it (null in plain). */
    private final Block stem;
    private final Block stage1;
    private final Block stage2;
    private final Block scores2;
    private final Block stage3;
    /** The plain head: 1x1 projections of stage3, stage2, stage1 (null in the mobile layout). */
    private final Block project3;
    private final Block project2;
    private final Block project1;
    /** The mobile head: fusion with stage2, then with stage1, then with the stem (null in the plain layout). */
    private final Block fuse2;
    private final Block fuse1;
    private final Block fuse0;
    private final Block classify;

    public StudentNet(StudentArchitecture arch) {
        this(arch, false);
    }

    /**
     * @param folded the inference form: each 3x3 convolution carries a bias and no batch norm follows it
     *               (see {@link #foldBatchNorm})
     */
    private StudentNet(StudentArchitecture arch, boolean folded) {
        super(VERSION);
        this.arch = arch;
        this.folded = folded;
        if (arch.layout() == StudentArchitecture.Layout.MOBILE) {
            this.stem = addChildBlock("stem", MobileLayout.stem());
            this.stage1 = addChildBlock("stage1", MobileLayout.stage1());
            this.stage2 = addChildBlock("stage2", MobileLayout.stage2());
            this.scores2 = addChildBlock("scores2", ConvBlocks.conv1x1(arch.classes()));
            this.stage3 = addChildBlock("stage3", MobileLayout.stage3());
            this.fuse2 = addChildBlock("fuse2", MobileLayout.fuse2());
            this.fuse1 = addChildBlock("fuse1", MobileLayout.fuse1());
            this.fuse0 = addChildBlock("fuse0", MobileLayout.fuse0());
            this.classify = addChildBlock("classify", MobileLayout.classifier(arch.classes()));
            this.project3 = null;
            this.project2 = null;
            this.project1 = null;
        } else {
            this.stem = null;
            int half = arch.stage1() / 2;
            this.stage1 = addChildBlock("stage1", new SequentialBlock()
                    .add(convBnRelu(half, 2))
                    .add(convBnRelu(arch.stage1(), 2)));
            this.stage2 = addChildBlock("stage2", new SequentialBlock()
                    .add(convBnRelu(arch.stage2(), 2))
                    .add(convBnRelu(arch.stage2(), 1)));
            this.scores2 = addChildBlock("scores2", ConvBlocks.conv1x1(arch.classes()));
            SequentialBlock deep = new SequentialBlock().add(convBnRelu(arch.stage3(), 2));
            for (int i = 0; i < arch.depth(); i++) {
                deep.add(convBnRelu(arch.stage3(), 1));
            }
            this.stage3 = addChildBlock("stage3", deep);
            this.project3 = addChildBlock("project3", ConvBlocks.conv1x1(arch.head()));
            this.project2 = addChildBlock("project2", ConvBlocks.conv1x1(arch.head()));
            this.project1 = addChildBlock("project1", ConvBlocks.conv1x1(arch.head()));
            this.fuse2 = null;
            this.fuse1 = null;
            this.fuse0 = null;
            this.classify = addChildBlock("classify", ConvBlocks.conv1x1(arch.classes()));
        }
    }

    /** A 3x3 convolution, batch norm and ReLU; folded, the convolution carries the norm as its bias. */
    private Block convBnRelu(int filters, int stride) {
        return folded ? ConvBlocks.convRelu(filters, 3, stride) : ConvBlocks.convBnRelu(filters, 3, stride);
    }

    /**
     * An inference copy of a trained network with every batch norm folded into the convolution before it
     * ({@code w * gamma / sqrt(var + eps)}, bias {@code beta - mean * gamma / sqrt(var + eps)}): the same
     * function up to rounding, with a third fewer operations, each of which costs a fixed overhead in DJL.
     * The mobile layout has no batch norms: it is returned as it is.
     */
    public static StudentNet foldBatchNorm(StudentNet trained, NDManager manager, Shape input) {
        if (trained.folded || trained.arch.layout() == StudentArchitecture.Layout.MOBILE) {
            return trained;
        }
        StudentNet f = new StudentNet(trained.arch, true);
        f.initialize(manager, DataType.FLOAT32, input);
        copyFolded(trained, f);
        return f;
    }

    private static void copyFolded(Block from, Block to) {
        List<Block> a = from.getChildren().values();
        List<Block> b = to.getChildren().values();
        if (from instanceof Conv2d) {
            copy(from, to, "weight");
            copy(from, to, "bias");
        } else if (a.size() == 3 && a.get(0) instanceof Conv2d && a.get(1) instanceof BatchNorm) {
            Map<String, NDArray> bn = arrays(a.get(1));
            NDArray scale = bn.get("gamma").div(bn.get("runningVar").add(BN_EPSILON).sqrt());
            NDArray weight = arrays(a.get(0)).get("weight");
            NDArray folded = weight.mul(scale.reshape(-1, 1, 1, 1));
            NDArray bias = bn.get("beta").sub(bn.get("runningMean").mul(scale));
            Map<String, NDArray> target = arrays(b.get(0));
            target.get("weight").set(folded.toByteBuffer());
            target.get("bias").set(bias.toByteBuffer());
        } else {
            if (a.size() != b.size()) {
                throw new IllegalStateException("block trees differ: " + from + " / " + to);
            }
            for (int i = 0; i < a.size(); i++) {
                copyFolded(a.get(i), b.get(i));
            }
        }
    }

    private static void copy(Block from, Block to, String name) {
        arrays(to).get(name).set(arrays(from).get(name).toByteBuffer());
    }

    private static Map<String, NDArray> arrays(Block block) {
        Map<String, NDArray> m = new HashMap<>();
        block.getDirectParameters().forEach(p -> m.put(p.getValue().getName(), p.getValue().getArray()));
        return m;
    }

    /**
     * The mobile layout's convolutions with a pretrained source, in the source network's order (stem, stage1,
     * stage2, stage3, then the head's three fusions): what {@link PretrainedWeights} fills, besides the classifier.
     */
    List<Conv2d> pretrainedConvolutions() {
        return MobileLayout.convolutions(stem, stage1, stage2, stage3, fuse2, fuse1, fuse0);
    }

    /** The classifier: a 1x1 convolution (plain), a 2x2 transposed convolution of stride 2 (mobile). */
    Block classifier() {
        return classify;
    }

    public StudentArchitecture architecture() {
        return arch;
    }

    /**
     * Runs one stage alone.
     *
     * @param name   a stage of {@link StudentArchitecture#stages()}
     * @param inputs the outputs of the stages it reads, in the order of its {@code inputs()}; the image for a
     *               stage that reads none
     */
    public NDArray stage(ParameterStore ps, String name, List<NDArray> inputs, boolean training) {
        return switch (name) {
            case StudentArchitecture.STEM -> run(name, stem, ps, inputs, training);
            case StudentArchitecture.STAGE1 -> run(name, stage1, ps, inputs, training);
            case StudentArchitecture.STAGE2 -> run(name, stage2, ps, inputs, training);
            case StudentArchitecture.SCORES2 -> run(name, scores2, ps, inputs, training);
            case StudentArchitecture.STAGE3 -> run(name, stage3, ps, inputs, training);
            case LOGITS -> classify.forward(ps, new NDList(fused(ps, inputs, training)), training).singletonOrThrow();
            default -> throw new IllegalArgumentException("unknown stage '" + name + "'");
        };
    }

    private NDArray run(String name, Block block, ParameterStore ps, List<NDArray> inputs, boolean training) {
        if (block == null) {
            throw new IllegalArgumentException("unknown stage '" + name + "' in layout " + arch.layout().id());
        }
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("stage " + name + ": one input expected, got " + inputs.size());
        }
        return block.forward(ps, new NDList(inputs.get(0)), training).singletonOrThrow();
    }

    /**
     * The head's features before its classifier: stage3 upsampled and fused with stage2, then with stage1 (FCN-8s
     * style), then (mobile) with the stem. Inputs as the logits stage reads them.
     */
    NDArray fused(ParameterStore ps, List<NDArray> inputs, boolean training) {
        if (fuse2 != null) {
            NDArray x = fuse2.forward(ps, new NDList(inputs.get(3), inputs.get(2)), training).singletonOrThrow();
            x = fuse1.forward(ps, new NDList(x, inputs.get(1)), training).singletonOrThrow();
            return fuse0.forward(ps, new NDList(x, inputs.get(0)), training).singletonOrThrow();
        }
        NDArray s1 = inputs.get(0);
        NDArray s2 = inputs.get(1);
        NDArray x = project3.forward(ps, new NDList(inputs.get(2)), training).singletonOrThrow();
        x = upsampleTo(x, s2).add(project2.forward(ps, new NDList(s2), training).singletonOrThrow());
        x = Activation.relu(x);
        x = upsampleTo(x, s1).add(project1.forward(ps, new NDList(s1), training).singletonOrThrow());
        return Activation.relu(x);
    }

    /** Bilinear resize of NCHW {@code x} to the spatial size of {@code like}. */
    private static NDArray upsampleTo(NDArray x, NDArray like) {
        Shape s = like.getShape();
        return ConvBlocks.resize(x, s.get(2), s.get(3));
    }

    /** Every stage in order on {@code image}: the outputs by stage name. */
    public Map<String, NDArray> stages(ParameterStore ps, NDArray image, boolean training) {
        Map<String, NDArray> out = new HashMap<>();
        for (StudentArchitecture.Stage s : arch.stages()) {
            List<NDArray> in = s.inputs().isEmpty() ? List.of(image) : s.inputs().stream().map(out::get).toList();
            out.put(s.name(), stage(ps, s.name(), in, training));
        }
        return out;
    }

    /**
     * Writes each stage as its own ONNX file, {@code <stage>.onnx} in {@code folder}, for ONNX Runtime (the
     * {@code onnx} extractor's staged form): a stage's inputs are named after the stages it reads, or
     * {@code image}; its one output after itself. Height and width are symbolic (multiples of 16). Mobile layout
     * only.
     *
     * @return the files written, in stage order
     */
    public List<Path> exportOnnx(Path folder) throws IOException {
        if (arch.layout() != StudentArchitecture.Layout.MOBILE) {
            throw new IllegalArgumentException("layout: ONNX export is for the mobile layout, not "
                    + arch.layout().id());
        }
        Files.createDirectories(folder);
        Map<String, StudentArchitecture.Stage> byName = new HashMap<>();
        arch.stages().forEach(s -> byName.put(s.name(), s));
        List<Path> files = new ArrayList<>();
        for (StudentArchitecture.Stage s : arch.stages()) {
            OnnxGraph g = new OnnxGraph();
            List<String> in = s.inputs().isEmpty() ? List.of(g.input("image", 3, 1)) : s.inputs().stream()
                    .map(byName::get).map(r -> g.input(r.name(), r.channels(), r.stride())).toList();
            String out = switch (s.name()) {
                case StudentArchitecture.STEM -> MobileLayout.onnx(stem, g, in.get(0));
                case StudentArchitecture.STAGE1 -> MobileLayout.onnx(stage1, g, in.get(0));
                case StudentArchitecture.STAGE2 -> MobileLayout.onnx(stage2, g, in.get(0));
                case StudentArchitecture.SCORES2 -> MobileLayout.onnx(scores2, g, in.get(0));
                case StudentArchitecture.STAGE3 -> MobileLayout.onnx(stage3, g, in.get(0));
                case LOGITS -> {
                    String x = ((MobileLayout.Exportable) fuse2).onnx(g, List.of(in.get(3), in.get(2)));
                    x = ((MobileLayout.Exportable) fuse1).onnx(g, List.of(x, in.get(1)));
                    x = ((MobileLayout.Exportable) fuse0).onnx(g, List.of(x, in.get(0)));
                    yield MobileLayout.onnx(classify, g, x);
                }
                default -> throw new IllegalStateException("stage " + s.name());
            };
            g.output(out, s.name(), s.stride());
            Path file = folder.resolve(s.name() + ".onnx");
            g.write(file, s.name());
            files.add(file);
        }
        return files;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        Map<String, NDArray> out = stages(ps, inputs.singletonOrThrow(), training);
        return new NDList(out.get(LOGITS), out.get(StudentArchitecture.SCORES2));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long n = in.get(0);
        long h = in.get(2);
        long w = in.get(3);
        int stride = arch.stages().get(arch.stages().size() - 1).stride();
        return new Shape[] {new Shape(n, arch.classes(), h / stride, w / stride),
                new Shape(n, arch.classes(), h / 8, w / 8)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape s0 = stem == null ? in : init(stem, manager, dataType, in);
        Shape s1 = init(stage1, manager, dataType, s0);
        Shape s2 = init(stage2, manager, dataType, s1);
        init(scores2, manager, dataType, s2);
        Shape s3 = init(stage3, manager, dataType, s2);
        if (fuse2 != null) {
            Shape f2 = fuse(fuse2, manager, dataType, s3, s2);
            Shape f1 = fuse(fuse1, manager, dataType, f2, s1);
            init(classify, manager, dataType, fuse(fuse0, manager, dataType, f1, s0));
            return;
        }
        init(project3, manager, dataType, s3);
        init(project2, manager, dataType, s2);
        Shape p1 = init(project1, manager, dataType, s1);
        init(classify, manager, dataType, p1);
    }

    private static Shape fuse(Block fusion, NDManager manager, DataType dataType, Shape deep, Shape skip) {
        fusion.initialize(manager, dataType, deep, skip);
        return fusion.getOutputShapes(new Shape[] {deep, skip})[0];
    }

    private static Shape init(Block block, NDManager manager, DataType dataType, Shape input) {
        block.initialize(manager, dataType, input);
        return block.getOutputShapes(new Shape[] {input})[0];
    }
}
