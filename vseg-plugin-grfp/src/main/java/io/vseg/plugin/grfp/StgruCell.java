package io.vseg.plugin.grfp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import io.vseg.api.tensor.BorderMode;
import io.vseg.api.tensor.FlowField;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import io.vseg.learn.ConvBlocks;
import java.nio.FloatBuffer;
import java.util.Optional;

/**
 * One step of GRFP's spatio-temporal GRU (STGRU) on class scores. Inputs {@code [x, w, e]}: the per-frame network's
 * scores x (N, C, H, W), the state of the frame before warped to this frame along the optical flow, w (N, C, H, W),
 * and the warping's photometric error e (N, 1, H, W; {@link #error}); output the new state h (N, C, H, W), which is
 * also the fused scores:
 * <pre>
 * r  = 1 - tanh(|λ| e)                         gate: 1 where the warped previous frame matches this one
 * ŵ  = r * w                                   the memory, dropped where the flow is wrong
 * z  = sigmoid(conv_z([x, ŵ, r]))              update gate: 1 takes the per-frame prediction x
 * h~ = s * (ŵ + cand([x, ŵ, r]))               candidate from the memory, corrected; s a learned scaling per class
 * h  = z * x + (1 - z) * h~
 * </pre>
 * λ is a learned scalar, conv_z a {@code kernel x kernel} convolution, {@code cand} a {@code kernel x kernel}
 * convolution to {@code hidden} channels, ReLU and a 1x1 convolution to C (or, with {@code hidden = 0}, one
 * {@code kernel x kernel} convolution to C). The paper's GRU weighs a candidate made of x and the memory against the
 * memory; here the gate weighs the per-frame prediction against a candidate made of the memory, so that
 * {@code z = 1} passes the per-frame prediction unchanged whatever the other weights are.
 *
 * <p>An untrained cell starts close to the per-frame network: conv_z's weights are zero and its bias
 * {@code initUpdateBias} (z = sigmoid of it everywhere), the candidate's last convolution is zero (h~ = ŵ) and s = 1.
 */
final class StgruCell extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int channels;
    private final int hidden;
    private final int kernel;
    private final Conv2d update;
    private final Block candidate;
    private final Parameter lambda;
    private final Parameter scale;
    private final float initUpdateBias;

    /**
     * @param channels       the classes C
     * @param hidden         the candidate's inner channels; 0 for a single convolution
     * @param kernel         the convolutions' kernel size, odd
     * @param initLambda     λ at the start
     * @param initUpdateBias conv_z's bias at the start (large: the per-frame prediction passes)
     */
    StgruCell(int channels, int hidden, int kernel, float initLambda, float initUpdateBias) {
        super(VERSION);
        if (channels < 1) {
            throw new IllegalArgumentException("channels: must be positive, got " + channels);
        }
        if (hidden < 0) {
            throw new IllegalArgumentException("hidden: 0 or more, got " + hidden);
        }
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("kernel: odd and positive (the scores keep their size), got " + kernel);
        }
        this.channels = channels;
        this.hidden = hidden;
        this.kernel = kernel;
        this.initUpdateBias = initUpdateBias;
        this.update = addChildBlock("update", ConvBlocks.conv(channels, kernel));
        this.candidate = addChildBlock("candidate", hidden > 0
                ? new SequentialBlock().add(ConvBlocks.conv(hidden, kernel)).add(Activation::relu)
                .add(ConvBlocks.conv1x1(channels))
                : ConvBlocks.conv(channels, kernel));
        this.lambda = addParameter(Parameter.builder().setName("lambda").setType(Parameter.Type.OTHER)
                .optShape(new Shape(1)).optInitializer(new ConstantInitializer(initLambda)).build());
        this.scale = addParameter(Parameter.builder().setName("scale").setType(Parameter.Type.OTHER)
                .optShape(new Shape(channels)).optInitializer(new ConstantInitializer(1f)).build());
    }

    int channels() {
        return channels;
    }

    int hidden() {
        return hidden;
    }

    int kernel() {
        return kernel;
    }

    /** λ as it is now. */
    float lambda() {
        return lambda.getArray().toFloatArray()[0];
    }

    /** s as it is now, one value per class. */
    float[] scale() {
        return scale.getArray().toFloatArray();
    }

    /** conv_z: its bias is the update gate's starting point. */
    Conv2d updateGate() {
        return update;
    }

    /**
     * Sets the starting point described in the class comment: conv_z's weights zero and its bias
     * {@code initUpdateBias}, the candidate's last convolution zero. Called once the parameters exist.
     */
    void startNearPerFrame() {
        fill(update.getParameters().get("weight"), 0f);
        fill(update.getParameters().get("bias"), initUpdateBias);
        for (var pair : lastCandidate().getParameters()) {
            fill(pair.getValue(), 0f);
        }
    }

    /**
     * The cell as the per-pixel blend it is when its convolutions add nothing (conv_z's weights zero, the candidate's
     * last convolution zero, as {@link #startNearPerFrame} leaves them); empty otherwise.
     */
    Optional<PointwiseStgru> pointwise() {
        if (!allZero(update.getParameters().get("weight")) || !lastCandidate().getParameters().values().stream()
                .allMatch(StgruCell::allZero)) {
            return Optional.empty();
        }
        float[] z = update.getParameters().get("bias").getArray().toFloatArray();
        for (int c = 0; c < z.length; c++) {
            z[c] = (float) (1 / (1 + Math.exp(-z[c])));
        }
        return Optional.of(new PointwiseStgru(lambda(), z, scale()));
    }

    private Block lastCandidate() {
        return candidate instanceof SequentialBlock s
                ? s.getChildren().get(s.getChildren().size() - 1).getValue() : candidate;
    }

    private static boolean allZero(Parameter p) {
        for (float v : p.getArray().toFloatArray()) {
            if (v != 0f) {
                return false;
            }
        }
        return true;
    }

    private static void fill(Parameter p, float value) {
        NDArray a = p.getArray();
        float[] v = new float[Math.toIntExact(a.size())];
        java.util.Arrays.fill(v, value);
        a.set(FloatBuffer.wrap(v));
    }

    /** The gate r = 1 - tanh(|λ| e) of an error e (N, 1, H, W). */
    NDArray gate(ParameterStore ps, NDArray error, boolean training) {
        // The batch's array first: a result belongs to its first operand's manager, and the parameter's is the
        // model's (|λ| e as |λ e|: e >= 0), so nothing made here outlives the batch.
        return Activation.tanh(error.mul(ps.getValue(lambda, error.getDevice(), training)).abs()).neg().add(1f);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        if (inputs.size() != 3) {
            throw new IllegalArgumentException("inputs: [x, warped state, error] expected, got " + inputs.size());
        }
        NDArray x = inputs.get(0);
        NDArray warped = inputs.get(1);
        NDArray r = gate(ps, inputs.get(2), training);
        NDArray memory = warped.mul(r);
        NDArray joined = NDArrays.concat(new NDList(x, memory, r), 1);
        NDArray z = Activation.sigmoid(update.forward(ps, new NDList(joined), training).singletonOrThrow());
        NDArray correction = candidate.forward(ps, new NDList(joined), training).singletonOrThrow();
        // Reshaped on the batch's manager, not the model's (where the parameter lives): one array a frame otherwise.
        NDArray s = ps.getValue(scale, x.getDevice(), training).reshape(1, channels, 1, 1);
        s.attach(x.getManager());
        NDArray proposed = memory.add(correction).mul(s);
        return new NDList(x.mul(z).add(proposed.mul(z.neg().add(1f))));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        if (inputShapes.length != 3 || x.dimension() != 4 || x.get(1) != channels) {
            throw new IllegalArgumentException("inputs: x (N, " + channels + ", H, W), the warped state and the "
                    + "error expected");
        }
        Shape joined = new Shape(x.get(0), 2L * channels + 1, x.get(2), x.get(3));
        update.initialize(manager, dataType, joined);
        candidate.initialize(manager, dataType, joined);
    }

    /**
     * The warping's photometric error (1, H, W): the mean over RGB of {@code |image - warp(previous, flow)|}, the
     * frames on the flow's grid ({@code Grids.image}), the warp {@code Tensors.warp} with replicated borders. The same
     * in training and in a pipeline.
     */
    static Tensor error(Tensor image, Tensor previous, FlowField flow) {
        int h = flow.height();
        int w = flow.width();
        if (image.channels() != 3 || image.height() != h || image.width() != w || !image.sameShape(previous)) {
            throw new IllegalArgumentException("frames (3, " + h + ", " + w + ") expected on the flow's grid, got "
                    + image.shape() + " and " + previous.shape());
        }
        Tensor warped = Tensors.warp(previous, flow, BorderMode.REPLICATE);
        int plane = h * w;
        float[] a = image.toArray();
        float[] b = warped.toArray();
        float[] out = new float[plane];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                out[i] += Math.abs(a[c * plane + i] - b[c * plane + i]) / 3f;
            }
        }
        return Tensor.wrap(1, h, w, out);
    }
}
