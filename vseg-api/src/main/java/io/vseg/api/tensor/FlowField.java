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

    /**
     * The part of this field over the pixel rectangle {@code [x, x + w) x [y, y + h)} of the
     * {@code frameWidth x frameHeight} frame it spans, on a grid as dense as this one: sampled bilinearly at the
     * exact positions (no frame-size copy), displacements in pixels of the new grid. How a region of a frame gets
     * its part of a coarse whole-frame flow.
     */
    public FlowField region(int x, int y, int w, int h, int frameWidth, int frameHeight) {
        if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > frameWidth || y + h > frameHeight) {
            throw new IllegalArgumentException("region " + x + "," + y + " " + w + "x" + h + " is not inside the "
                    + frameWidth + "x" + frameHeight + " frame");
        }
        int gw = width();
        int gh = height();
        double cellsPerPixelX = (double) gw / frameWidth;
        double cellsPerPixelY = (double) gh / frameHeight;
        int ow = Math.max(1, (int) Math.round(w * cellsPerPixelX));
        int oh = Math.max(1, (int) Math.round(h * cellsPerPixelY));
        // A displacement of one cell of this grid is this many cells of the new one.
        float ux = (float) (ow / (w * cellsPerPixelX));
        float uy = (float) (oh / (h * cellsPerPixelY));
        float[] out = new float[2 * ow * oh];
        int n = ow * oh;
        float[] d = tensor.data;
        int plane = gw * gh;
        for (int j = 0; j < oh; j++) {
            double cy = Math.max(0, Math.min(gh - 1, (y + (j + 0.5) * h / oh) * cellsPerPixelY - 0.5));
            int y0 = (int) cy;
            int y1 = Math.min(gh - 1, y0 + 1);
            float fy = (float) (cy - y0);
            for (int i = 0; i < ow; i++) {
                double cx = Math.max(0, Math.min(gw - 1, (x + (i + 0.5) * w / ow) * cellsPerPixelX - 0.5));
                int x0 = (int) cx;
                int x1 = Math.min(gw - 1, x0 + 1);
                float fx = (float) (cx - x0);
                for (int c = 0; c < 2; c++) {
                    int base = c * plane;
                    float top = d[base + y0 * gw + x0] * (1 - fx) + d[base + y0 * gw + x1] * fx;
                    float bottom = d[base + y1 * gw + x0] * (1 - fx) + d[base + y1 * gw + x1] * fx;
                    out[c * n + j * ow + i] = (top * (1 - fy) + bottom * fy) * (c == 0 ? ux : uy);
                }
            }
        }
        return new FlowField(Tensor.wrap(2, oh, ow, out));
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
