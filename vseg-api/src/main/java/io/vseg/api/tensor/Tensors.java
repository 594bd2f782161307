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

    /**
     * How many threads the per-pixel operations (warp, resize, argmax) may use, the calling one included: the
     * runtime sets it from {@code vseg.runtime.threads}; 1 (the default) runs every operation on the calling thread.
     */
    public static void useThreads(int threads) {
        Parallel.threads(threads);
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
        float[] src = in.data;
        float[] out = new float[in.channels() * height * width];
        // Rows of every channel, one range per thread: row r is channel r / height, output row r % height.
        Parallel.rows(in.channels() * height, width, (from, to) -> {
            SourceRows rows = new SourceRows(src, iw, tx);
            for (int r = from; r < to; r++) {
                int c = r / height;
                int y = r % height;
                rows.blend(c * ih + ty.lo()[y], c * ih + ty.hi()[y], ty.frac()[y], 1f, out, r * width);
            }
        });
        return Tensor.wrap(in.channels(), height, width, out);
    }

    /**
     * The separable half of a bilinear resize: each source row is interpolated horizontally once, into one of two
     * row buffers (output rows read source rows in order, two at a time), and an output row blends two of those;
     * the same arithmetic as interpolating the four taps of each output value, in a fraction of the gathers. One
     * per thread.
     */
    private static final class SourceRows {
        private final float[] src;
        private final int srcWidth;
        private final Taps tx;
        private float[] lo;
        private float[] hi;
        private int loRow = -1;
        private int hiRow = -1;

        SourceRows(float[] src, int srcWidth, Taps tx) {
            this.src = src;
            this.srcWidth = srcWidth;
            this.tx = tx;
            this.lo = new float[tx.lo().length];
            this.hi = new float[tx.lo().length];
        }

        /**
         * Writes {@code (lo + (bottom - lo) * wy) * scale} into {@code out[at ..]}, lo and bottom source rows
         * {@code k0} and {@code k1} interpolated horizontally ({@code scale} 1 leaves the blend as it is).
         */
        void blend(int k0, int k1, float wy, float scale, float[] out, int at) {
            if (loRow != k0) {
                if (hiRow == k0) {
                    float[] t = lo;
                    lo = hi;
                    hi = t;
                    hiRow = loRow;
                } else {
                    horizontal(src, k0 * srcWidth, tx.lo(), tx.hi(), tx.frac(), lo);
                }
                loRow = k0;
            }
            float[] bottom = lo;
            if (k1 != k0) {
                if (hiRow != k1) {
                    horizontal(src, k1 * srcWidth, tx.lo(), tx.hi(), tx.frac(), hi);
                    hiRow = k1;
                }
                bottom = hi;
            }
            int n = lo.length;
            if (scale == 1f) {
                for (int x = 0; x < n; x++) {
                    out[at + x] = lo[x] + (bottom[x] - lo[x]) * wy;
                }
            } else {
                for (int x = 0; x < n; x++) {
                    float r = lo[x] + (bottom[x] - lo[x]) * wy;
                    out[at + x] = r * scale;
                }
            }
        }
    }

    /** Source row {@code src[row ..]} interpolated at the taps {@code x0, x1, fx} into {@code into}. */
    private static void horizontal(float[] src, int row, int[] x0, int[] x1, float[] fx, float[] into) {
        for (int x = 0; x < into.length; x++) {
            float a = src[row + x0[x]];
            into[x] = a + (src[row + x1[x]] - a) * fx[x];
        }
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
     * {@code border} says. A flow on another grid is read as {@link FlowField#resized} to the source's grid would
     * make it (the same values, bit for bit, its displacements scaled with the grid), so a full-resolution or a
     * coarse flow can warp any feature map; that field is never made: each block of rows resamples the flow rows
     * it needs.
     *
     * <p>Work is done in blocks of rows: the sampling taps of a block (where, and with which weights) are found
     * once, then applied to one channel after another, so that each channel's plane is read where the block's
     * pixels look, near the block, instead of jumping between planes at every pixel. Blocks are shared out over
     * the threads of {@link #useThreads}.
     */
    public static Tensor warp(Tensor source, FlowField flow, BorderMode border) {
        requireNonNull(source, "source is null");
        requireNonNull(flow, "flow is null");
        requireNonNull(border, "border is null");
        int h = source.height();
        int w = source.width();
        FlowRows flowRows = new FlowRows(flow.tensor(), h, w);
        float[] out = new float[source.size()];
        if (border == BorderMode.REPLICATE && source.channels() <= FEW_CHANNELS) {
            warpFew(source, flowRows, out);
            return Tensor.wrap(source.channels(), h, w, out);
        }
        int blocks = (h + WARP_BLOCK - 1) / WARP_BLOCK;
        Parallel.rows(blocks, (long) WARP_BLOCK * w * source.channels(), (from, to) -> {
            WarpTaps taps = new WarpTaps(Math.min(WARP_BLOCK, h) * w);
            FlowRows.Cursor rows = flowRows.cursor();
            for (int b = from; b < to; b++) {
                int y0 = b * WARP_BLOCK;
                int y1 = Math.min(h, y0 + WARP_BLOCK);
                taps.find(rows, w, h, y0, y1, border);
                taps.apply(source.data, out, source.channels(), w * h, y0 * w, (y1 - y0) * w, border);
            }
        });
        return Tensor.wrap(source.channels(), h, w, out);
    }

    /**
     * A flow field's rows on an {@code h x w} grid, one output row at a time: on its own grid, the field's rows;
     * on another, the rows {@link FlowField#resized} would make, computed as {@link #resize} computes them (each
     * source row interpolated horizontally, two of those blended) and scaled by the change of grid.
     */
    private static final class FlowRows {
        private final float[] data;
        private final int fh;
        private final int fw;
        private final int h;
        private final int w;
        private final Taps tx;
        private final Taps ty;
        private final float sx;
        private final float sy;

        FlowRows(Tensor flow, int h, int w) {
            this.data = flow.data;
            this.fh = flow.height();
            this.fw = flow.width();
            this.h = h;
            this.w = w;
            boolean same = fh == h && fw == w;
            this.tx = same ? null : Taps.of(fw, w);
            this.ty = same ? null : Taps.of(fh, h);
            this.sx = (float) w / fw;
            this.sy = (float) h / fh;
        }

        Cursor cursor() {
            return new Cursor();
        }

        /** One thread's reader: after {@link #load}, a row's displacements {@link #dx} and {@link #dy}. */
        final class Cursor {
            private final Channel cu;
            private final Channel cv;
            private float[] u;
            private float[] v;
            private int uAt;
            private int vAt;

            Cursor() {
                cu = tx == null ? null : new Channel(0, sx);
                cv = tx == null ? null : new Channel(fh, sy);
            }

            void load(int y) {
                if (tx == null) {
                    u = data;
                    v = data;
                    uAt = y * w;
                    vAt = (h + y) * w;
                } else {
                    u = cu.row(y);
                    v = cv.row(y);
                    uAt = 0;
                    vAt = 0;
                }
            }

            /** The loaded row's horizontal displacement at column {@code x}. */
            float dx(int x) {
                return u[uAt + x];
            }

            /** The loaded row's vertical displacement at column {@code x}. */
            float dy(int x) {
                return v[vAt + x];
            }
        }

        /** One channel's resampled rows ({@link SourceRows}), scaled by the change of grid. */
        private final class Channel {
            private final int firstRow;
            private final float scale;
            private final SourceRows rows;
            private final float[] out = new float[w];

            Channel(int firstRow, float scale) {
                this.firstRow = firstRow;
                this.scale = scale;
                this.rows = new SourceRows(data, fw, tx);
            }

            float[] row(int y) {
                rows.blend(firstRow + ty.lo()[y], firstRow + ty.hi()[y], ty.frac()[y], scale, out, 0);
                return out;
            }
        }
    }

    /**
     * Up to this many channels (class scores of a few classes), {@link #warp} with replicated borders samples
     * every channel at each pixel as it goes: their planes are few enough to stay in the cache together, and
     * keeping the taps in registers beats storing and reloading them.
     */
    private static final int FEW_CHANNELS = 4;

    /** {@link #warp} with replicated borders, pixel by pixel, every channel at once; the same arithmetic. */
    private static void warpFew(Tensor source, FlowRows flowRows, float[] out) {
        int h = source.height();
        int w = source.width();
        int plane = h * w;
        int channels = source.channels();
        float[] src = source.data;
        float maxX = w - 1;
        float maxY = h - 1;
        Parallel.rows(h, (long) w * channels, (from, to) -> {
            FlowRows.Cursor rows = flowRows.cursor();
            for (int y = from; y < to; y++) {
                rows.load(y);
                for (int x = 0, o = y * w; x < w; x++, o++) {
                    float sx = clamp(x + rows.dx(x), maxX);
                    float sy = clamp(y + rows.dy(x), maxY);
                    int xa = (int) sx;
                    int ya = (int) sy;
                    int r = xa + 1 < w ? 1 : 0;
                    int d = ya + 1 < h ? w : 0;
                    float ax = sx - xa;
                    float ay = sy - ya;
                    for (int c = 0, q = ya * w + xa, oc = o; c < channels; c++, q += plane, oc += plane) {
                        float top = src[q] + (src[q + r] - src[q]) * ax;
                        float bottom = src[q + d] + (src[q + d + r] - src[q + d]) * ax;
                        out[oc] = top + (bottom - top) * ay;
                    }
                }
            }
        });
    }

    /** Rows per block of {@link #warp}: a block's taps stay in the L1 cache while every channel uses them. */
    private static final int WARP_BLOCK = 4;

    /**
     * The bilinear taps of a block of output pixels: the top-left source index, the offsets to its right and
     * lower neighbours (0 where clamped at the border), and the weights. With {@link BorderMode#ZERO}, taps that
     * fall outside get weight 0; with {@link BorderMode#NEAREST} only the index is used.
     */
    private static final class WarpTaps {
        final int[] index;
        final int[] right;
        final int[] down;
        final float[] w00;
        final float[] w10;
        final float[] w01;
        final float[] w11;

        WarpTaps(int size) {
            index = new int[size];
            right = new int[size];
            down = new int[size];
            w00 = new float[size];
            w10 = new float[size];
            w01 = new float[size];
            w11 = new float[size];
        }

        void find(FlowRows.Cursor rows, int w, int h, int y0, int y1, BorderMode border) {
            int i = 0;
            for (int y = y0; y < y1; y++) {
                rows.load(y);
                for (int x = 0; x < w; x++, i++) {
                    float sx = x + rows.dx(x);
                    float sy = y + rows.dy(x);
                    switch (border) {
                        case NEAREST -> index[i] = clamp(Math.round(sy), h) * w + clamp(Math.round(sx), w);
                        case REPLICATE -> {
                            sx = clamp(sx, w - 1);
                            sy = clamp(sy, h - 1);
                            int xa = (int) sx;
                            int ya = (int) sy;
                            index[i] = ya * w + xa;
                            right[i] = xa + 1 < w ? 1 : 0;
                            down[i] = ya + 1 < h ? w : 0;
                            w10[i] = sx - xa; // ax
                            w01[i] = sy - ya; // ay
                        }
                        case ZERO -> {
                            int xa = (int) Math.floor(sx);
                            int ya = (int) Math.floor(sy);
                            float ax = sx - xa;
                            float ay = sy - ya;
                            boolean inA = xa >= 0 && xa < w;
                            boolean inB = xa + 1 >= 0 && xa + 1 < w;
                            boolean inRowA = ya >= 0 && ya < h;
                            boolean inRowB = ya + 1 >= 0 && ya + 1 < h;
                            int xc = clamp(xa, w);
                            int yc = clamp(ya, h);
                            index[i] = yc * w + xc;
                            right[i] = clamp(xa + 1, w) - xc;
                            down[i] = (clamp(ya + 1, h) - yc) * w;
                            w00[i] = inRowA && inA ? (1 - ax) * (1 - ay) : 0;
                            w10[i] = inRowA && inB ? ax * (1 - ay) : 0;
                            w01[i] = inRowB && inA ? (1 - ax) * ay : 0;
                            w11[i] = inRowB && inB ? ax * ay : 0;
                        }
                    }
                }
            }
        }

        /** Writes the block's {@code count} outputs from {@code first} on, in every channel. */
        void apply(float[] src, float[] out, int channels, int plane, int first, int count, BorderMode border) {
            for (int c = 0, base = 0; c < channels; c++, base += plane) {
                int o = base + first;
                switch (border) {
                    case NEAREST -> {
                        for (int i = 0; i < count; i++) {
                            out[o + i] = src[base + index[i]];
                        }
                    }
                    case REPLICATE -> {
                        for (int i = 0; i < count; i++) {
                            int q = base + index[i];
                            int r = right[i];
                            int d = down[i];
                            float ax = w10[i];
                            float top = src[q] + (src[q + r] - src[q]) * ax;
                            float bottom = src[q + d] + (src[q + d + r] - src[q + d]) * ax;
                            out[o + i] = top + (bottom - top) * w01[i];
                        }
                    }
                    case ZERO -> {
                        for (int i = 0; i < count; i++) {
                            int q = base + index[i];
                            int r = right[i];
                            int d = down[i];
                            out[o + i] = w00[i] * src[q] + w10[i] * src[q + r] + w01[i] * src[q + d]
                                    + w11[i] * src[q + d + r];
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code v} clamped to {@code [0, max]}: {@code min(max(v, 0), max)}, a NaN staying NaN (the warped value is then
     * NaN too, as before), in comparisons the JIT keeps cheaper than {@code Math.min}/{@code max} (a warp's hottest
     * line).
     */
    private static float clamp(float v, float max) {
        return v >= 0f ? (v < max ? v : max) : (v < 0f ? 0f : v);
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
        int h = in.height();
        int w = in.width();
        int n = h * w;
        float[] src = in.data;
        int[] labels = new int[n];
        Parallel.rows(h, (long) w * in.channels(), (from, to) -> {
            int start = from * w;
            int count = (to - from) * w;
            float[] best = new float[count];
            System.arraycopy(src, start, best, 0, count);
            for (int c = 1; c < in.channels(); c++) {
                int base = c * n + start;
                for (int i = 0; i < count; i++) {
                    float v = src[base + i];
                    if (v > best[i]) {
                        best[i] = v;
                        labels[start + i] = c;
                    }
                }
            }
        });
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
        Parallel.rows(height, (long) width * in.channels(), (from, to) -> {
            float[] best = new float[width];
            for (int y = from; y < to; y++) {
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
        });
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
        int[] labels = new int[height * width];
        // One pass per range of output rows: each source row it needs is interpolated horizontally once, into one
        // of two row buffers (output rows read source rows in order, two at a time).
        Parallel.rows(height, width, (from, to) -> {
            float[][] buffer = new float[2][width];
            int[] held = {-1, -1};
            for (int y = from; y < to; y++) {
                float[] top = sourceRow(in, plane, iw, y0[y], x0, x1, fx, buffer, held);
                float[] bottom = sourceRow(in, plane, iw, y1[y], x0, x1, fx, buffer, held);
                float wy = fy[y];
                int o = y * width;
                for (int x = 0; x < width; x++) {
                    labels[o + x] = top[x] + (bottom[x] - top[x]) * wy > 0 ? 1 : 0;
                }
            }
        });
        return labels;
    }

    /**
     * Source row {@code r} of the two-class score difference, interpolated to the output's width: from
     * {@code buffer} when one of its two rows holds it, else computed into the row the other output row does not
     * need (the one holding the lower source row, since output rows read source rows in increasing order).
     */
    private static float[] sourceRow(Tensor in, int plane, int iw, int r, int[] x0, int[] x1, float[] fx,
                                     float[][] buffer, int[] held) {
        for (int k = 0; k < 2; k++) {
            if (held[k] == r) {
                return buffer[k];
            }
        }
        int k = held[0] <= held[1] ? 0 : 1;
        float[] row = buffer[k];
        int base = r * iw;
        for (int x = 0; x < row.length; x++) {
            float a = in.data[plane + base + x0[x]] - in.data[base + x0[x]];
            float b = in.data[plane + base + x1[x]] - in.data[base + x1[x]];
            row[x] = a + (b - a) * fx[x];
        }
        held[k] = r;
        return row;
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

    /**
     * Channel by channel {@code a * wa[c] + b * wb[c]} (a per-channel mix, as a fuser weighs the fresh and the
     * remembered); shapes must match and each weight array has one value per channel.
     */
    public static Tensor weightedSum(Tensor a, float[] wa, Tensor b, float[] wb) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException("shapes differ: " + a.shape() + " and " + b.shape());
        }
        if (wa.length != a.channels() || wb.length != a.channels()) {
            throw new IllegalArgumentException("one weight per channel: " + a.channels() + " channels, weights "
                    + wa.length + " and " + wb.length);
        }
        int plane = a.height() * a.width();
        float[] out = new float[a.size()];
        for (int c = 0; c < a.channels(); c++) {
            float x = wa[c];
            float y = wb[c];
            for (int i = c * plane, end = i + plane; i < end; i++) {
                out[i] = a.data[i] * x + b.data[i] * y;
            }
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
