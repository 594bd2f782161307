package io.vseg.api.tensor;

import static java.util.Objects.requireNonNull;

/**
 * A dense, <b>backward</b> optical flow field on a {@code height x width} grid: for a pixel p of the
 * target frame, {@code p + flow(p)} is where that content was in the source frame. Channel 0 holds the
 * horizontal displacement (x), channel 1 the vertical one (y), both in pixels of this field's own grid.
 *
 * <p>Backward flow is what warping needs: {@link Tensors#warp} samples the source at {@code p + flow(p)}
 * for every target pixel, so there are no holes.
 */
public final class FlowField {
    private final Tensor tensor;

    private FlowField(Tensor tensor) {
        this.tensor = requireNonNull(tensor, "tensor is null");
        if (tensor.channels() != 2) {
            throw new IllegalArgumentException("a flow field has 2 channels, got " + tensor.shape());
        }
    }

    /** A flow field over a {@code [2, H, W]} tensor. */
    public static FlowField of(Tensor tensor) {
        return new FlowField(tensor);
    }

    /** A flow field over interleaved {@code (dx, dy)} pairs, row-major, as OpenCV produces them. */
    public static FlowField fromInterleaved(int width, int height, float[] dxdy) {
        if (dxdy.length != 2 * width * height) {
            throw new IllegalArgumentException("expected " + 2 * width * height + " values, got " + dxdy.length);
        }
        int n = width * height;
        float[] planar = new float[2 * n];
        for (int i = 0; i < n; i++) {
            planar[i] = dxdy[2 * i];
            planar[n + i] = dxdy[2 * i + 1];
        }
        return new FlowField(Tensor.wrap(2, height, width, planar));
    }

    /** No motion. */
    public static FlowField zero(int width, int height) {
        return new FlowField(Tensor.zeros(2, height, width));
    }

    /** A constant displacement everywhere. */
    public static FlowField constant(int width, int height, float dx, float dy) {
        int n = width * height;
        float[] data = new float[2 * n];
        java.util.Arrays.fill(data, 0, n, dx);
        java.util.Arrays.fill(data, n, 2 * n, dy);
        return new FlowField(Tensor.wrap(2, height, width, data));
    }

    public int width() {
        return tensor.width();
    }

    public int height() {
        return tensor.height();
    }

    public float dx(int x, int y) {
        return tensor.data[y * tensor.width() + x];
    }

    public float dy(int x, int y) {
        return tensor.data[(tensor.height() + y) * tensor.width() + x];
    }

    /** The {@code [2, H, W]} tensor of displacements. */
    public Tensor tensor() {
        return tensor;
    }

    /**
     * This field on a {@code height x width} grid: bilinearly resampled, and the displacements scaled by
     * the change of grid so that they stay in pixels of the new grid.
     */
    public FlowField resized(int height, int width) {
        if (height == tensor.height() && width == tensor.width()) {
            return this;
        }
        Tensor r = Tensors.resize(tensor, height, width);
        float sx = (float) width / tensor.width();
        float sy = (float) height / tensor.height();
        float[] d = r.data;
        int n = height * width;
        for (int i = 0; i < n; i++) {
            d[i] *= sx;
            d[n + i] *= sy;
        }
        return new FlowField(r);
    }

    /** The part of this field inside {@code [x, x + w) x [y, y + h)}; displacements are unchanged. */
    public FlowField crop(int x, int y, int w, int h) {
        return new FlowField(Tensors.crop(tensor, x, y, w, h));
    }

    /** Mean length of the displacement vectors, in pixels. */
    public double meanMagnitude() {
        int n = width() * height();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.hypot(tensor.data[i], tensor.data[n + i]);
        }
        return sum / n;
    }

    @Override
    public String toString() {
        return "FlowField[" + width() + "x" + height() + "]";
    }
}
