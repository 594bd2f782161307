package io.vseg.learn;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/**
 * The convolution blocks the networks of vseg's trainers are built from (NCHW), and the bilinear resize their
 * heads and losses share. Every block is a plain DJL block, so that a network's parameter file keeps DJL's own
 * layout: a block built here loads what an equal block built by hand saved.
 */
public final class ConvBlocks {
    /** DJL's code for bilinear interpolation (half-pixel centres, corners not aligned). */
    private static final int BILINEAR = 1;

    private ConvBlocks() {
    }

    /**
     * A {@code kernel x kernel} convolution to {@code filters} channels.
     *
     * @param padding pixels added on each side ({@code kernel / 2} keeps the size at stride 1: "same")
     * @param groups  input channel groups ({@code filters} and as many inputs: depthwise)
     * @param bias    whether it adds a bias (not when a batch norm follows, whose shift is one)
     */
    public static Conv2d conv(int filters, int kernel, int stride, int padding, int groups, boolean bias) {
        positive("filters", filters);
        positive("kernel", kernel);
        positive("stride", stride);
        positive("groups", groups);
        if (padding < 0) {
            throw new IllegalArgumentException("padding: >= 0, got " + padding);
        }
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding)).optGroups(groups).setFilters(filters).optBias(bias).build();
    }

    /** A {@code kernel x kernel} convolution with a bias and "same" padding (odd kernels keep the size). */
    public static Conv2d conv(int filters, int kernel) {
        return conv(filters, kernel, 1, kernel / 2, 1, true);
    }

    /** A 1x1 convolution with a bias: a per-pixel linear map of the channels. */
    public static Conv2d conv1x1(int filters) {
        return conv(filters, 1);
    }

    /** Convolution (with a bias, padding {@code kernel / 2}) and ReLU. */
    public static Block convRelu(int filters, int kernel, int stride) {
        return new SequentialBlock().add(conv(filters, kernel, stride, kernel / 2, 1, true)).add(Activation::relu);
    }

    /**
     * Convolution (no bias, padding {@code kernel / 2}), batch norm and ReLU: the trainable form of
     * {@link #convRelu}, into which the norm folds after training.
     */
    public static Block convBnRelu(int filters, int kernel, int stride) {
        return new SequentialBlock().add(conv(filters, kernel, stride, kernel / 2, 1, false))
                .add(BatchNorm.builder().build()).add(Activation::relu);
    }

    /**
     * Bilinear resize of NCHW {@code x} to {@code height x width} (pixel centres onto pixel centres, as vseg's
     * {@code Tensors.resize} and OpenCV's {@code INTER_LINEAR}); {@code x} itself when it has that size already.
     */
    public static NDArray resize(NDArray x, long height, long width) {
        requireNonNull(x, "x is null");
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("an NCHW array expected, got " + s);
        }
        if (s.get(2) == height && s.get(3) == width) {
            return x;
        }
        return x.getNDArrayInternal().interpolation(new long[] {height, width}, BILINEAR, false);
    }

    private static void positive(String key, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(key + ": must be positive, got " + v);
        }
    }
}
