package io.vseg.learn;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Backward warping of NCHW arrays along a flow, differentiable in both the warped array and the flow: what a trainer
 * of a flow-based fuser backpropagates through (NetWarp's flow transform, GRFP's warped state). It samples exactly as
 * the API's {@code Tensors.warp(source, flow, BorderMode.REPLICATE)} does at inference, so that a part trained here
 * runs the same in a pipeline: {@code out(p) = source(p + flow(p))}, bilinear, the sample point clamped into the grid.
 */
public final class FlowWarp {
    private FlowWarp() {
    }

    /**
     * {@code source} (N, C, H, W) warped by {@code flow} (N, 2, H, W: x then y displacements, in pixels of this grid).
     * Gradients reach {@code source} through the gathered values and {@code flow} through the bilinear weights
     * (zero where the sample point is clamped).
     */
    public static NDArray warp(NDArray source, NDArray flow) {
        requireNonNull(source, "source is null");
        requireNonNull(flow, "flow is null");
        Shape s = source.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("source: an NCHW array expected, got " + s);
        }
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        Shape expected = new Shape(n, 2, h, w);
        if (!flow.getShape().equals(expected)) {
            throw new IllegalArgumentException("flow: " + expected + " expected for source " + s + ", got "
                    + flow.getShape());
        }
        NDManager m = source.getManager();
        NDArray xs = m.arange(0f, (float) w).reshape(1, 1, w);
        NDArray ys = m.arange(0f, (float) h).reshape(1, h, 1);
        NDArray sx = flow.get(":, 0, :, :").add(xs).clip(0f, (float) (w - 1));
        NDArray sy = flow.get(":, 1, :, :").add(ys).clip(0f, (float) (h - 1));
        NDArray x0 = sx.floor().stopGradient();
        NDArray y0 = sy.floor().stopGradient();
        NDArray ax = sx.sub(x0).reshape(n, 1, h * w);
        NDArray ay = sy.sub(y0).reshape(n, 1, h * w);
        NDArray x1 = x0.add(1f).minimum((float) (w - 1));
        NDArray y1 = y0.add(1f).minimum((float) (h - 1));
        NDArray flat = source.reshape(n, c, h * w);
        NDArray v00 = flat.gather(index(y0, x0, w, n, c, h), 2);
        NDArray v10 = flat.gather(index(y0, x1, w, n, c, h), 2);
        NDArray v01 = flat.gather(index(y1, x0, w, n, c, h), 2);
        NDArray v11 = flat.gather(index(y1, x1, w, n, c, h), 2);
        NDArray top = v00.add(v10.sub(v00).mul(ax));
        NDArray bottom = v01.add(v11.sub(v01).mul(ax));
        return top.add(bottom.sub(top).mul(ay)).reshape(s);
    }

    /**
     * {@code flow} (N, 2, H, W) on a finer {@code height x width} grid: bilinearly resampled and its displacements
     * scaled with the grid, as the API's {@code FlowField.resized} does. Only enlarges: when shrinking, PyTorch's
     * interpolation smooths first (antialiasing), which the API's resize does not, so a coarser flow is made in Java
     * ({@code FlowField.resized}) before it becomes an array.
     */
    public static NDArray resize(NDArray flow, long height, long width) {
        requireNonNull(flow, "flow is null");
        Shape s = flow.getShape();
        if (s.dimension() != 4 || s.get(1) != 2) {
            throw new IllegalArgumentException("flow: an (N, 2, H, W) array expected, got " + s);
        }
        if (s.get(2) == height && s.get(3) == width) {
            return flow;
        }
        if (height < s.get(2) || width < s.get(3)) {
            throw new IllegalArgumentException("FlowWarp.resize enlarges only: " + s + " to " + height + "x"
                    + width + " (shrink with FlowField.resized)");
        }
        NDArray scale = flow.getManager().create(new float[] {(float) width / s.get(3), (float) height / s.get(2)})
                .reshape(1, 2, 1, 1);
        return ConvBlocks.resize(flow, height, width).mul(scale);
    }

    private static NDArray index(NDArray y, NDArray x, long w, long n, long c, long h) {
        return y.mul((float) w).add(x).toType(DataType.INT64, false).reshape(n, 1, h * w).repeat(1, c);
    }
}
