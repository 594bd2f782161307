package io.vseg.plugin.netwarp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import io.vseg.learn.FlowWarp;
import java.util.ArrayList;
import java.util.List;

/**
 * NetWarp's learned parts over a window of consecutive frames, as trained: the per-channel weights w1 and w2 of one
 * fused stage and, unless the transform is the identity, the {@link FlowTransform}. For frames 1..L-1 of each window,
 * the fused representation carried from the frame before is warped along Λ(F) and combined with the frame's own:
 * <pre>
 * s_0 = z_0
 * s_t = w1 * z_t + w2 * warp(s_{t-1}, F_t + enlarge(Δ_t))      Δ_t = transform(input_t), 0 for the identity
 * </pre>
 * The weights are a convex combination, {@code w2 = sigmoid(m)} and {@code w1 = 1 - w2} for a learned mix m per
 * channel, where the paper leaves both free. On a stage of class scores, free per-channel weights also rescale each
 * class against the others: they recalibrate the per-frame network to the training clips' labels instead of fusing
 * time (measured on the DAVIS training half: the person channel's weights fell to 0.09 and 0.11 against 0.73 and 0.65
 * for the background, and the held-out tails lost mIoU). A convex combination leaves a static scene's
 * representation unchanged, so only the temporal fusion is learned.
 * Inputs {@code [z, flow, transformInput]}: z (B, L, C, H, W), the backward flow of each frame to the one before on
 * the stage's grid (B, L, 2, H, W), and the transform's input on its coarser grid (B, L, 11, h, w). Output s_1..s_{L-1}
 * (B, L-1, C, H, W). The fuser runs the same equations one frame at a time.
 */
final class NetWarpSequence extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int channels;
    private final SequentialBlock transform;
    private final Parameter mix;

    /**
     * @param hidden the transform's inner channels; 0 for the identity transform (no network)
     * @param initW2 the starting w2 of every channel, in (0, 1)
     */
    NetWarpSequence(int channels, int hidden, float initW2) {
        super(VERSION);
        if (channels < 1) {
            throw new IllegalArgumentException("channels: must be positive, got " + channels);
        }
        this.channels = channels;
        this.transform = hidden > 0 ? addChildBlock("transform", FlowTransform.block(hidden)) : null;
        if (!(initW2 > 0 && initW2 < 1)) {
            throw new IllegalArgumentException("init-w2: in (0, 1), got " + initW2);
        }
        this.mix = addParameter(Parameter.builder().setName("mix").setType(Parameter.Type.OTHER)
                .optShape(new Shape(channels))
                .optInitializer(new ConstantInitializer((float) Math.log(initW2 / (1 - initW2)))).build());
    }

    int channels() {
        return channels;
    }

    /** The transform's network, or null for the identity transform. */
    SequentialBlock transform() {
        return transform;
    }

    float[] w1() {
        float[] w = w2();
        for (int c = 0; c < w.length; c++) {
            w[c] = 1 - w[c];
        }
        return w;
    }

    float[] w2() {
        float[] m = mix.getArray().toFloatArray();
        for (int c = 0; c < m.length; c++) {
            m[c] = (float) (1 / (1 + Math.exp(-m[c])));
        }
        return m;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray z = inputs.get(0);
        NDArray flow = inputs.get(1);
        NDArray input = inputs.get(2);
        Shape s = z.getShape();
        long length = s.get(1);
        long h = s.get(3);
        long w = s.get(4);
        // Made from the parameter, these would belong to the model's manager (one set a batch, freed at its close):
        // the batch's manager takes them.
        NDArray b = Activation.sigmoid(ps.getValue(mix, z.getDevice(), training));
        b.attach(z.getManager());
        b = b.reshape(1, channels, 1, 1);
        NDArray a = b.neg().add(1);
        NDArray state = z.get(":, 0");
        List<NDArray> fused = new ArrayList<>();
        for (long t = 1; t < length; t++) {
            NDArray f = flow.get(":, " + t);
            if (transform != null) {
                NDArray delta = transform.forward(ps, new NDList(input.get(":, " + t)), training).singletonOrThrow();
                f = f.add(FlowWarp.resize(delta, h, w));
            }
            // The batch's arrays first: a result belongs to its first operand's manager (a and b are the batch's too).
            state = z.get(":, " + t).mul(a).add(FlowWarp.warp(state, f).mul(b));
            fused.add(state);
        }
        return new NDList(NDArrays.stack(new NDList(fused), 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape z = inputShapes[0];
        return new Shape[] {new Shape(z.get(0), z.get(1) - 1, z.get(2), z.get(3), z.get(4))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (inputShapes.length != 3 || inputShapes[0].dimension() != 5 || inputShapes[0].get(2) != channels) {
            throw new IllegalArgumentException("inputs: z (B, L, " + channels + ", H, W), flow and the transform's "
                    + "input expected");
        }
        if (transform != null) {
            Shape in = inputShapes[2];
            transform.initialize(manager, dataType, new Shape(in.get(0), in.get(2), in.get(3), in.get(4)));
        }
    }
}
