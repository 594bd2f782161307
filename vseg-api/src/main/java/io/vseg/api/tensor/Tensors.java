package io.vseg.api.tensor;

import static java.util.Objects.requireNonNull;

/**
 * The tensor operations that components share: resizing, warping by optical flow, softmax, argmax,
 * cropping and pasting. Every operation returns a new tensor and leaves its arguments unchanged.
 *
 * <p>Sampling convention: pixel centres. Pixel (x, y) of a grid covers {@code [x, x+1) x [y, y+1)} and its
 * value sits at (x + 0.5, y + 0.5); resizing maps centres onto centres (the "align corners = false"
 * convention of OpenCV's {@code INTER_LINEAR} and PyTorch's {@code interpolate}).
 */
public final class Tensors {
    private Tensors() {
    }

    /** The image as a {@code [3, H, W]} tensor of its R, G and B values, 0..255. */
    public static Tensor fromImage(io.vseg.api.Image image) {
        requireNonNull(image, "image is null");
        int n = image.width() * image.height();
        java.nio.ByteBuffer px = image.pixels();
        float[] out = new float[3 * n];
        for (int p = 0; p < n; p++) {
            out[p] = px.get(p * 3) & 0xFF;
            out[n + p] = px.get(p * 3 + 1) & 0xFF;
            out[2 * n + p] = px.get(p * 3 + 2) & 0xFF;
        }
        return Tensor.wrap(3, image.height(), image.width(), out);
    }

    /** Bilinear resize of every channel to {@code height x width}. */
    public static Tensor resize(Tensor in, int height, int width) {
        requireNonNull(in, "in is null");
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
        }
        if (height == in.height() && width == in.width()) {
            return in;
        }
        int ih = in.height();
        int iw = in.width();
        Taps tx = Taps.of(iw, width);
        Taps ty = Taps.of(ih, height);
        int[] x0 = tx.lo();
        int[] x1 = tx.hi();
        float[] fx = tx.frac();
        int[] y0 = ty.lo();
        int[] y1 = ty.hi();
        float[] fy = ty.frac();

        float[] src = in.data;
        float[] out = new float[in.channels() * height * width];
        for (int c = 0; c < in.channels(); c++) {
            int cin = c * ih * iw;
            int cout = c * height * width;
            for (int y = 0; y < height; y++) {
                int r0 = cin + y0[y] * iw;
                int r1 = cin + y1[y] * iw;
                float wy = fy[y];
                int o = cout + y * width;
                for (int x = 0; x < width; x++) {
                    float top = src[r0 + x0[x]] + (src[r0 + x1[x]] - src[r0 + x0[x]]) * fx[x];
                    float bottom = src[r1 + x0[x]] + (src[r1 + x1[x]] - src[r1 + x0[x]]) * fx[x];
                    out[o + x] = top + (bottom - top) * wy;
                }
            }
        }
        return Tensor.wrap(in.channels(), height, width, out);
    }

    /**
     * Bilinear taps along one axis (half-pixel centres, clamped at the edges): for each output index the two
     * source indices and the weight of the second.
     */
    private record Taps(int[] lo, int[] hi, float[] frac) {
        static Taps of(int inSize, int outSize) {
            int[] lo = new int[outSize];
            int[] hi = new int[outSize];
            float[] frac = new float[outSize];
            double scale = (double) inSize / outSize;
            for (int i = 0; i < outSize; i++) {
                double s = Math.max(0, (i + 0.5) * scale - 0.5);
                int a = Math.min((int) s, inSize - 1);
                lo[i] = a;
                hi[i] = Math.min(a + 1, inSize - 1);
                frac[i] = (float) (s - a);
            }
            return new Taps(lo, hi, frac);
        }
    }

    /**
     * Backward warp: {@code out(p) = source(p + flow(p))} for every pixel p of the output grid, sampled as
     * {@code border} says. The flow is resized to the source's grid first (its values scaled with it), so a
     * full-resolution flow can warp a coarse feature map.
     */
    public static Tensor warp(Tensor source, FlowField flow, BorderMode border) {
        requireNonNull(source, "source is null");
        requireNonNull(flow, "flow is null");
        requireNonNull(border, "border is null");
        FlowField f = flow.resized(source.height(), source.width());
        int h = source.height();
        int w = source.width();
        int n = h * w;
        float[] fd = f.tensor().data;
        float[] src = source.data;
        float[] out = new float[source.size()];
        int channels = source.channels();
        // One loop per mode, so that the per-pixel work has no mode branches.
        switch (border) {
            case NEAREST -> {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int p = y * w + x;
                        int q = clamp(Math.round(y + fd[n + p]), h) * w + clamp(Math.round(x + fd[p]), w);
                        for (int c = 0; c < channels; c++) {
                            out[c * n + p] = src[c * n + q];
                        }
                    }
                }
            }
            case REPLICATE -> {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int p = y * w + x;
                        float sx = Math.min(Math.max(x + fd[p], 0f), w - 1);
                        float sy = Math.min(Math.max(y + fd[n + p], 0f), h - 1);
                        int xa = (int) sx;
                        int ya = (int) sy;
                        int xb = Math.min(xa + 1, w - 1);
                        int yb = Math.min(ya + 1, h - 1);
                        float ax = sx - xa;
                        float ay = sy - ya;
                        int i00 = ya * w + xa;
                        int i10 = ya * w + xb;
                        int i01 = yb * w + xa;
                        int i11 = yb * w + xb;
                        for (int c = 0, base = 0; c < channels; c++, base += n) {
                            float top = src[base + i00] + (src[base + i10] - src[base + i00]) * ax;
                            float bottom = src[base + i01] + (src[base + i11] - src[base + i01]) * ax;
                            out[base + p] = top + (bottom - top) * ay;
                        }
                    }
                }
            }
            case ZERO -> {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int p = y * w + x;
                        sampleBilinear(src, w, h, channels, x + fd[p], y + fd[n + p], out, p, true);
                    }
                }
            }
        }
        return Tensor.wrap(channels, h, w, out);
    }

    private static void sampleBilinear(float[] src, int w, int h, int channels, float sx, float sy,
                                       float[] out, int p, boolean zeroOutside) {
        int xa = (int) Math.floor(sx);
        int ya = (int) Math.floor(sy);
        float ax = sx - xa;
        float ay = sy - ya;
        int xb = xa + 1;
        int yb = ya + 1;
        float w00 = (1 - ax) * (1 - ay);
        float w10 = ax * (1 - ay);
        float w01 = (1 - ax) * ay;
        float w11 = ax * ay;
        boolean inA = xa >= 0 && xa < w;
        boolean inB = xb >= 0 && xb < w;
        boolean inRowA = ya >= 0 && ya < h;
        boolean inRowB = yb >= 0 && yb < h;
        if (!zeroOutside) {
            // Clamped sample point: neighbours past the last row/column repeat it (their weight is 0 anyway
            // unless the point is exactly on the border).
            xa = clamp(xa, w);
            xb = clamp(xb, w);
            ya = clamp(ya, h);
            yb = clamp(yb, h);
            inA = inB = inRowA = inRowB = true;
        }
        int n = w * h;
        for (int c = 0; c < channels; c++) {
            int base = c * n;
            float v = 0;
            if (inRowA && inA) {
                v += w00 * src[base + ya * w + xa];
            }
            if (inRowA && inB) {
                v += w10 * src[base + ya * w + xb];
            }
            if (inRowB && inA) {
                v += w01 * src[base + yb * w + xa];
            }
            if (inRowB && inB) {
                v += w11 * src[base + yb * w + xb];
            }
            out[base + p] = v;
        }
    }

    private static int clamp(int v, int size) {
        return v < 0 ? 0 : Math.min(v, size - 1);
    }

    /** Softmax over channels at every pixel (numerically stable). */
    public static Tensor softmax(Tensor in) {
        requireNonNull(in, "in is null");
        int n = in.height() * in.width();
        int channels = in.channels();
        float[] src = in.data;
        float[] out = new float[src.length];
        for (int p = 0; p < n; p++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < channels; c++) {
                max = Math.max(max, src[c * n + p]);
            }
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                double e = Math.exp(src[c * n + p] - max);
                out[c * n + p] = (float) e;
                sum += e;
            }
            for (int c = 0; c < channels; c++) {
                out[c * n + p] /= (float) sum;
            }
        }
        return Tensor.wrap(channels, in.height(), in.width(), out);
    }

    /** Index of the largest channel at every pixel, row-major ({@code height * width} values); ties go to the lower index. */
    public static int[] argmax(Tensor in) {
        requireNonNull(in, "in is null");
        int n = in.height() * in.width();
        float[] src = in.data;
        int[] labels = new int[n];
        float[] best = new float[n];
        System.arraycopy(src, 0, best, 0, n);
        for (int c = 1; c < in.channels(); c++) {
            int base = c * n;
            for (int p = 0; p < n; p++) {
                float v = src[base + p];
                if (v > best[p]) {
                    best[p] = v;
                    labels[p] = c;
                }
            }
        }
        return labels;
    }

    /**
     * The argmax of {@code in} bilinearly resized to {@code height x width}, without building the resized
     * tensor: equal to {@code argmax(resize(in, height, width))}, at a fraction of the memory traffic. This
     * is how every frame's labels are decoded from its logits.
     */
    public static int[] argmax(Tensor in, int height, int width) {
        requireNonNull(in, "in is null");
        if (height == in.height() && width == in.width()) {
            return argmax(in);
        }
        int ih = in.height();
        int iw = in.width();
        Taps tx = Taps.of(iw, width);
        Taps ty = Taps.of(ih, height);
        if (in.channels() == 2) {
            return argmaxOfTwo(in, height, width, tx, ty);
        }
        int[] x0 = tx.lo();
        int[] x1 = tx.hi();
        float[] fx = tx.frac();
        int[] y0 = ty.lo();
        int[] y1 = ty.hi();
        float[] fy = ty.frac();
        float[] src = in.data;
        int plane = ih * iw;
        int[] labels = new int[height * width];
        float[] best = new float[width];
        for (int y = 0; y < height; y++) {
            float wy = fy[y];
            int o = y * width;
            for (int c = 0; c < in.channels(); c++) {
                int r0 = c * plane + y0[y] * iw;
                int r1 = c * plane + y1[y] * iw;
                for (int x = 0; x < width; x++) {
                    float top = src[r0 + x0[x]] + (src[r0 + x1[x]] - src[r0 + x0[x]]) * fx[x];
                    float bottom = src[r1 + x0[x]] + (src[r1 + x1[x]] - src[r1 + x0[x]]) * fx[x];
                    float v = top + (bottom - top) * wy;
                    if (c == 0 || v > best[x]) {
                        best[x] = v;
                        labels[o + x] = c;
                    }
                }
            }
        }
        return labels;
    }

    /**
     * Two classes: the label is the sign of the interpolated difference, one channel instead of two. Each
     * source row is interpolated horizontally once; output rows then blend two of those.
     */
    private static int[] argmaxOfTwo(Tensor in, int height, int width, Taps tx, Taps ty) {
        int[] x0 = tx.lo();
        int[] x1 = tx.hi();
        float[] fx = tx.frac();
        int[] y0 = ty.lo();
        int[] y1 = ty.hi();
        float[] fy = ty.frac();
        int ih = in.height();
        int iw = in.width();
        int plane = ih * iw;
        float[] rows = new float[ih * width];
        for (int r = 0; r < ih; r++) {
            int base = r * iw;
            int o = r * width;
            for (int x = 0; x < width; x++) {
                float a = in.data[plane + base + x0[x]] - in.data[base + x0[x]];
                float b = in.data[plane + base + x1[x]] - in.data[base + x1[x]];
                rows[o + x] = a + (b - a) * fx[x];
            }
        }
        int[] labels = new int[height * width];
        for (int y = 0; y < height; y++) {
            int r0 = y0[y] * width;
            int r1 = y1[y] * width;
            float wy = fy[y];
            int o = y * width;
            for (int x = 0; x < width; x++) {
                float top = rows[r0 + x];
                labels[o + x] = top + (rows[r1 + x] - top) * wy > 0 ? 1 : 0;
            }
        }
        return labels;
    }

    /** The window {@code [x, x + w) x [y, y + h)} of every channel; it must lie inside the tensor. */
    public static Tensor crop(Tensor in, int x, int y, int w, int h) {
        requireNonNull(in, "in is null");
        if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > in.width() || y + h > in.height()) {
            throw new IllegalArgumentException("crop " + x + "," + y + " " + w + "x" + h + " is outside " + in);
        }
        float[] out = new float[in.channels() * w * h];
        for (int c = 0; c < in.channels(); c++) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(in.data, (c * in.height() + y + r) * in.width() + x, out, (c * h + r) * w, w);
            }
        }
        return Tensor.wrap(in.channels(), h, w, out);
    }

    /**
     * A copy of {@code target} with {@code patch} written over it, its top-left corner at (x, y); the parts
     * of the patch outside the target are dropped. Channel counts must match.
     */
    public static Tensor paste(Tensor target, Tensor patch, int x, int y) {
        requireNonNull(target, "target is null");
        requireNonNull(patch, "patch is null");
        if (target.channels() != patch.channels()) {
            throw new IllegalArgumentException("cannot paste " + patch + " into " + target + ": channel counts differ");
        }
        float[] out = target.toArray();
        int x0 = Math.max(0, x);
        int x1 = Math.min(target.width(), x + patch.width());
        if (x1 <= x0) {
            return Tensor.wrap(target.channels(), target.height(), target.width(), out);
        }
        for (int c = 0; c < patch.channels(); c++) {
            for (int r = 0; r < patch.height(); r++) {
                int ty = y + r;
                if (ty < 0 || ty >= target.height()) {
                    continue;
                }
                System.arraycopy(patch.data, (c * patch.height() + r) * patch.width() + (x0 - x),
                        out, (c * target.height() + ty) * target.width() + x0, x1 - x0);
            }
        }
        return Tensor.wrap(target.channels(), target.height(), target.width(), out);
    }

    /**
     * Element-wise product of {@code a} and {@code factor}, where {@code factor} has the same shape or one
     * channel (then it scales every channel of a pixel alike, as DFF's scale field does).
     */
    public static Tensor multiply(Tensor a, Tensor factor) {
        if (a.height() != factor.height() || a.width() != factor.width()
                || (factor.channels() != 1 && factor.channels() != a.channels())) {
            throw new IllegalArgumentException("cannot multiply " + a.shape() + " by " + factor.shape());
        }
        int n = a.height() * a.width();
        float[] out = new float[a.size()];
        for (int c = 0; c < a.channels(); c++) {
            int fc = factor.channels() == 1 ? 0 : c;
            for (int p = 0; p < n; p++) {
                out[c * n + p] = a.data[c * n + p] * factor.data[fc * n + p];
            }
        }
        return Tensor.wrap(a.channels(), a.height(), a.width(), out);
    }

    /** Element-wise {@code a * wa + b * wb}; shapes must match. */
    public static Tensor weightedSum(Tensor a, float wa, Tensor b, float wb) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException("shapes differ: " + a.shape() + " and " + b.shape());
        }
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.data[i] * wa + b.data[i] * wb;
        }
        return Tensor.wrap(a.channels(), a.height(), a.width(), out);
    }

    /** Mean absolute difference between two tensors of the same shape. */
    public static double meanAbsoluteDifference(Tensor a, Tensor b) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException("shapes differ: " + a.shape() + " and " + b.shape());
        }
        double sum = 0;
        for (int i = 0; i < a.size(); i++) {
            sum += Math.abs(a.data[i] - b.data[i]);
        }
        return sum / a.size();
    }
}
