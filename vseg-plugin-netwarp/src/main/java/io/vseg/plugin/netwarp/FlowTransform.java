package io.vseg.plugin.netwarp;

import static java.util.Objects.requireNonNull;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import io.vseg.api.tensor.BorderMode;
import io.vseg.api.tensor.FlowField;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import io.vseg.learn.ConvBlocks;
import io.vseg.learn.FrameSequences;
import io.vseg.learn.NdTensors;
import java.nio.FloatBuffer;

/**
 * NetWarp's flow transformation Λ: a small CNN that corrects the optical flow where it is wrong, from the flow and the
 * two frames. It reads, on a grid {@link #grid coarser} than the fused stage's, eleven channels: the flow (x, y, in
 * pixels of that grid), the current frame, the previous frame and their difference after warping the previous one by
 * the flow (RGB in [0, 1]); three 3x3 convolutions (ReLU after the first two) give a correction Δ of the flow, and
 * Λ(F) = F + Δ, Δ enlarged to the stage's grid. The last convolution starts at zero, so an untrained transform is the
 * identity; with all-zero parameters it is too.
 */
final class FlowTransform {
    /** Channels of the transform's input. */
    static final int INPUTS = 11;

    private FlowTransform() {
    }

    /** The network: {@code hidden} channels in the two inner layers. */
    static SequentialBlock block(int hidden) {
        return new SequentialBlock()
                .add(ConvBlocks.convRelu(hidden, 3, 1))
                .add(ConvBlocks.convRelu(hidden, 3, 1))
                .add(ConvBlocks.conv(2, 3));
    }

    /** Sets the last convolution's parameters to zero: the transform starts as the identity. */
    static void zeroLastLayer(SequentialBlock block) {
        Conv2d last = (Conv2d) block.getChildren().get(block.getChildren().size() - 1).getValue();
        for (var pair : last.getParameters()) {
            Parameter p = pair.getValue();
            NDArray a = p.getArray();
            a.set(FloatBuffer.wrap(new float[Math.toIntExact(a.size())]));
        }
    }

    /** The transform's grid for a stage of {@code size} pixels along one axis: {@code downscale} times coarser. */
    static int grid(int size, int downscale) {
        return FrameSequences.imageGrid(size, downscale);
    }

    /**
     * The transform's input (11, h, w) on the grid of {@code flow}: the flow, {@code image}, {@code previous} and
     * {@code image - warp(previous, flow)}. The frames are on the same grid ({@code Grids.image} of the frame, made
     * the same way in training and in a pipeline).
     */
    static Tensor input(FlowField flow, Tensor image, Tensor previous) {
        requireNonNull(flow, "flow is null");
        int h = flow.height();
        int w = flow.width();
        if (image.height() != h || image.width() != w || !image.sameShape(previous) || image.channels() != 3) {
            throw new IllegalArgumentException("frames (3, " + h + ", " + w + ") expected on the flow's grid, got "
                    + image.shape() + " and " + previous.shape());
        }
        Tensor warped = Tensors.warp(previous, flow, BorderMode.REPLICATE);
        int plane = h * w;
        float[] out = new float[INPUTS * plane];
        flow.tensor().buffer().get(out, 0, 2 * plane);
        image.buffer().get(out, 2 * plane, 3 * plane);
        previous.buffer().get(out, 5 * plane, 3 * plane);
        FloatBuffer moved = warped.buffer();
        for (int i = 0; i < 3 * plane; i++) {
            out[8 * plane + i] = out[2 * plane + i] - moved.get(i);
        }
        return Tensor.wrap(INPUTS, h, w, out);
    }

    /** Runs a trained transform in a pipeline: Δ for one frame's input. Closing it frees the network. */
    static final class Runner implements AutoCloseable {
        private final Model model;
        private final SequentialBlock block;

        Runner(Model model, SequentialBlock block) {
            this.model = requireNonNull(model, "model is null");
            this.block = requireNonNull(block, "block is null");
        }

        /** The flow correction Δ (2, h, w) for {@code input} (11, h, w). */
        Tensor delta(Tensor input) {
            try (NDManager scope = model.getNDManager().newSubManager()) {
                NDArray x = NdTensors.toArray(scope, input);
                NDArray d = block.forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow();
                return NdTensors.toTensor(d);
            }
        }

        @Override
        public void close() {
            model.close();
        }
    }
}
