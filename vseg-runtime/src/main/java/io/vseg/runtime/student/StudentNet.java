package io.vseg.runtime.student;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * vseg's staged student network as DJL blocks (the layer table is on {@link StudentArchitecture}). Each stage
 * can run alone on the outputs of the stages it reads, so a scheduler can refresh the deep stage less often
 * than the shallow ones; the full forward pass returns {@code [logits (stride 4), scores2 (stride 8)]}.
 *
 * <p>Input: a batch of normalized RGB images, NCHW, height and width multiples of 16.
 */
public final class StudentNet extends AbstractBlock {
    private static final byte VERSION = 1;
    /** DJL's code for bilinear interpolation (half-pixel centres, corners not aligned). */
    private static final int BILINEAR = 1;
    /** DJL's default batch-norm epsilon, which training used. */
    private static final float BN_EPSILON = 1e-5f;

    private final StudentArchitecture arch;
    private final boolean folded;
    private final Block stage1;
    private final Block stage2;
    private final Block scores2;
    private final Block stage3;
    /** The plain head: 1x1 projections of stage3, stage2, stage1 (null in the mobile layout). */
    private final Block project3;
    private final Block project2;
    private final Block project1;
    /** The mobile head: fusion with stage2, then with stage1 (null in the plain layout). */
    private final Block fuse2;
    private final Block fuse1;
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
            this.stage1 = addChildBlock("stage1", MobileLayout.stage1());
            this.stage2 = addChildBlock("stage2", MobileLayout.stage2());
            this.scores2 = addChildBlock("scores2", conv1x1(arch.classes()));
            this.stage3 = addChildBlock("stage3", MobileLayout.stage3());
            this.fuse2 = addChildBlock("fuse2", MobileLayout.fuse2());
            this.fuse1 = addChildBlock("fuse1", MobileLayout.fuse1());
            this.project3 = null;
            this.project2 = null;
            this.project1 = null;
        } else {
            int half = arch.stage1() / 2;
            this.stage1 = addChildBlock("stage1", new SequentialBlock()
                    .add(convBnRelu(half, 2))
                    .add(convBnRelu(arch.stage1(), 2)));
            this.stage2 = addChildBlock("stage2", new SequentialBlock()
                    .add(convBnRelu(arch.stage2(), 2))
                    .add(convBnRelu(arch.stage2(), 1)));
            this.scores2 = addChildBlock("scores2", conv1x1(arch.classes()));
            SequentialBlock deep = new SequentialBlock().add(convBnRelu(arch.stage3(), 2));
            for (int i = 0; i < arch.depth(); i++) {
                deep.add(convBnRelu(arch.stage3(), 1));
            }
            this.stage3 = addChildBlock("stage3", deep);
            this.project3 = addChildBlock("project3", conv1x1(arch.head()));
            this.project2 = addChildBlock("project2", conv1x1(arch.head()));
            this.project1 = addChildBlock("project1", conv1x1(arch.head()));
            this.fuse2 = null;
            this.fuse1 = null;
        }
        this.classify = addChildBlock("classify", conv1x1(arch.classes()));
    }

    private Block convBnRelu(int filters, int stride) {
        Block conv = Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(1, 1)).setFilters(filters).optBias(folded).build();
        return folded ? new SequentialBlock().add(conv).add(Activation::relu)
                : new SequentialBlock().add(conv).add(BatchNorm.builder().build()).add(Activation::relu);
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

    private static Block conv1x1(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(filters).build();
    }

    /**
     * The mobile layout's convolutions with a pretrained source, in the source network's order (stage1, stage2,
     * stage3, then the head's two fusions): what {@link PretrainedWeights} fills. The classifier is not among them.
     */
    List<Conv2d> pretrainedConvolutions() {
        return MobileLayout.convolutions(stage1, stage2, stage3, fuse2, fuse1);
    }

    public StudentArchitecture architecture() {
        return arch;
    }

    public NDArray stage1(ParameterStore ps, NDArray image, boolean training) {
        return stage1.forward(ps, new NDList(image), training).singletonOrThrow();
    }

    public NDArray stage2(ParameterStore ps, NDArray stage1Out, boolean training) {
        return stage2.forward(ps, new NDList(stage1Out), training).singletonOrThrow();
    }

    public NDArray scores2(ParameterStore ps, NDArray stage2Out, boolean training) {
        return scores2.forward(ps, new NDList(stage2Out), training).singletonOrThrow();
    }

    public NDArray stage3(ParameterStore ps, NDArray stage2Out, boolean training) {
        return stage3.forward(ps, new NDList(stage2Out), training).singletonOrThrow();
    }

    /** The head: stage3 upsampled and fused with stage2, then with stage1 (FCN-8s style), then classified. */
    public NDArray logits(ParameterStore ps, NDArray s1, NDArray s2, NDArray s3, boolean training) {
        return classify.forward(ps, new NDList(fused(ps, s1, s2, s3, training)), training).singletonOrThrow();
    }

    /** The head's features at stride 4, before its classifier. */
    NDArray fused(ParameterStore ps, NDArray s1, NDArray s2, NDArray s3, boolean training) {
        if (fuse2 != null) {
            NDArray x = fuse2.forward(ps, new NDList(s3, s2), training).singletonOrThrow();
            return fuse1.forward(ps, new NDList(x, s1), training).singletonOrThrow();
        }
        NDArray x = project3.forward(ps, new NDList(s3), training).singletonOrThrow();
        x = upsampleTo(x, s2).add(project2.forward(ps, new NDList(s2), training).singletonOrThrow());
        x = Activation.relu(x);
        x = upsampleTo(x, s1).add(project1.forward(ps, new NDList(s1), training).singletonOrThrow());
        return Activation.relu(x);
    }

    /** Bilinear resize of NCHW {@code x} to the spatial size of {@code like}. */
    static NDArray upsampleTo(NDArray x, NDArray like) {
        Shape s = like.getShape();
        return upsample(x, s.get(2), s.get(3));
    }

    /** Bilinear resize of NCHW {@code x} to {@code height x width}. */
    public static NDArray upsample(NDArray x, long height, long width) {
        Shape s = x.getShape();
        if (s.get(2) == height && s.get(3) == width) {
            return x;
        }
        return x.getNDArrayInternal().interpolation(new long[] {height, width}, BILINEAR, false);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray s1 = stage1(ps, inputs.singletonOrThrow(), training);
        NDArray s2 = stage2(ps, s1, training);
        NDArray s3 = stage3(ps, s2, training);
        return new NDList(logits(ps, s1, s2, s3, training), scores2(ps, s2, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long n = in.get(0);
        long h = in.get(2);
        long w = in.get(3);
        return new Shape[] {new Shape(n, arch.classes(), h / 4, w / 4), new Shape(n, arch.classes(), h / 8, w / 8)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape s1 = init(stage1, manager, dataType, in);
        Shape s2 = init(stage2, manager, dataType, s1);
        init(scores2, manager, dataType, s2);
        Shape s3 = init(stage3, manager, dataType, s2);
        if (fuse2 != null) {
            fuse2.initialize(manager, dataType, s3, s2);
            Shape f2 = fuse2.getOutputShapes(new Shape[] {s3, s2})[0];
            fuse1.initialize(manager, dataType, f2, s1);
            init(classify, manager, dataType, fuse1.getOutputShapes(new Shape[] {f2, s1})[0]);
            return;
        }
        init(project3, manager, dataType, s3);
        init(project2, manager, dataType, s2);
        Shape p1 = init(project1, manager, dataType, s1);
        init(classify, manager, dataType, p1);
    }

    private static Shape init(Block block, NDManager manager, DataType dataType, Shape input) {
        block.initialize(manager, dataType, input);
        return block.getOutputShapes(new Shape[] {input})[0];
    }
}
