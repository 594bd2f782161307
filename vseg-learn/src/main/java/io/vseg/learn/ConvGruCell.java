package io.vseg.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One step of a convolutional GRU (Ballas et al., ICLR 2016): a recurrent state that is a feature map, each
 * gate a convolution over the input and the state, so that what a pixel keeps depends on its neighbourhood.
 * Video methods carry a frame's features to the next one with it (GRFP's STGRU on the flow-warped previous
 * prediction, NetWarp-style fusion).
 *
 * <p>Inputs {@code [x, h]}: the input {@code x} (N, C, H, W) and the previous state {@code h} (N, channels, H, W);
 * output the new state (N, channels, H, W). With {@code [a, b]} the concatenation along the channels and every
 * convolution {@code kernel x kernel} with "same" padding and a bias:
 * <pre>
 * z  = sigmoid(conv_z([x, h]))          update gate: how much of the state is replaced
 * r  = sigmoid(conv_r([x, h]))          reset gate: how much of the state the candidate sees
 * h~ = tanh(conv_h([x, r * h]))         candidate state
 * h' = (1 - z) * h + z * h~
 * </pre>
 * Where {@code z} is 0 the state passes unchanged, which {@link #updateGate()}'s bias can make the starting
 * point of training.
 */
public final class ConvGruCell extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int channels;
    private final Conv2d update;
    private final Conv2d reset;
    private final Conv2d candidate;

    /**
     * @param channels the state's channels
     * @param kernel   the gates' kernel size, odd (the state keeps its size)
     */
    public ConvGruCell(int channels, int kernel) {
        super(VERSION);
        if (channels < 1) {
            throw new IllegalArgumentException("channels: must be positive, got " + channels);
        }
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("kernel: odd and positive (the state keeps its size), got " + kernel);
        }
        this.channels = channels;
        this.update = addChildBlock("update", ConvBlocks.conv(channels, kernel));
        this.reset = addChildBlock("reset", ConvBlocks.conv(channels, kernel));
        this.candidate = addChildBlock("candidate", ConvBlocks.conv(channels, kernel));
    }

    /** The state's channels. */
    public int channels() {
        return channels;
    }

    /** The update gate's convolution {@code conv_z}, for initializers that start the cell keeping its state. */
    public Conv2d updateGate() {
        return update;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("inputs: [x, h] expected, got " + inputs.size() + " arrays");
        }
        NDArray x = inputs.get(0);
        NDArray h = inputs.get(1);
        NDArray xh = NDArrays.concat(new NDList(x, h), 1);
        NDArray z = Activation.sigmoid(update.forward(ps, new NDList(xh), training).singletonOrThrow());
        NDArray r = Activation.sigmoid(reset.forward(ps, new NDList(xh), training).singletonOrThrow());
        NDArray xrh = NDArrays.concat(new NDList(x, r.mul(h)), 1);
        NDArray next = Activation.tanh(candidate.forward(ps, new NDList(xrh), training).singletonOrThrow());
        return new NDList(z.neg().add(1f).mul(h).add(z.mul(next)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {stateShape(inputShapes)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        stateShape(inputShapes); // checks h against x
        Shape x = inputShapes[0];
        Shape joined = new Shape(x.get(0), x.get(1) + channels, x.get(2), x.get(3));
        update.initialize(manager, dataType, joined);
        reset.initialize(manager, dataType, joined);
        candidate.initialize(manager, dataType, joined);
    }

    /** The state's shape for inputs {@code [x, h]}, checked: h must be (N, channels, H, W) of x's N, H, W. */
    private Shape stateShape(Shape[] inputShapes) {
        if (inputShapes.length != 2 || inputShapes[0].dimension() != 4) {
            throw new IllegalArgumentException("inputs: [x, h], both NCHW, expected");
        }
        Shape x = inputShapes[0];
        Shape state = new Shape(x.get(0), channels, x.get(2), x.get(3));
        if (!inputShapes[1].equals(state)) {
            throw new IllegalArgumentException("h: " + state + " expected for x " + x + ", got " + inputShapes[1]);
        }
        return state;
    }
}
