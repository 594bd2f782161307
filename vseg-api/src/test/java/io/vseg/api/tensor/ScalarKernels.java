package io.vseg.api.tensor;

/**
 * The per-pixel operations written the plain way, one pixel and one tap at a time, on one thread: the reference
 * that the blocked, threaded kernels of {@link Tensors} must equal.
 */
final class ScalarKernels {
    private ScalarKernels() {
    }

    /**
     * Bilinear sample of channel {@code c} at (sx, sy), border as given (pixel centres at integer coordinates), the
     * weights in double precision.
     */
    static float sample(Tensor t, int c, double sx, double sy, BorderMode border) {
        int w = t.width();
        int h = t.height();
        switch (border) {
            case NEAREST -> {
                return t.get(c, clamp(Math.round((float) sy), h), clamp(Math.round((float) sx), w));
            }
            case REPLICATE -> {
                sx = Math.min(Math.max(sx, 0), w - 1);
                sy = Math.min(Math.max(sy, 0), h - 1);
            }
            case ZERO -> {
            }
        }
        int xa = (int) Math.floor(sx);
        int ya = (int) Math.floor(sy);
        double ax = sx - xa;
        double ay = sy - ya;
        return (float) ((1 - ax) * (1 - ay) * at(t, c, xa, ya, border) + ax * (1 - ay) * at(t, c, xa + 1, ya, border)
                + (1 - ax) * ay * at(t, c, xa, ya + 1, border) + ax * ay * at(t, c, xa + 1, ya + 1, border));
    }

    private static float at(Tensor t, int c, int x, int y, BorderMode border) {
        if (x < 0 || y < 0 || x >= t.width() || y >= t.height()) {
            if (border == BorderMode.ZERO) {
                return 0;
            }
            x = clamp(x, t.width());
            y = clamp(y, t.height());
        }
        return t.get(c, y, x);
    }

    private static int clamp(int v, int size) {
        return v < 0 ? 0 : Math.min(v, size - 1);
    }

    static Tensor warp(Tensor source, FlowField flow, BorderMode border) {
        FlowField f = flow.resized(source.height(), source.width());
        float[] out = new float[source.size()];
        int h = source.height();
        int w = source.width();
        for (int c = 0; c < source.channels(); c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    // The sample point in float, as the kernels find it.
                    out[(c * h + y) * w + x] = sample(source, c, x + f.dx(x, y), y + f.dy(x, y), border);
                }
            }
        }
        return Tensor.wrap(source.channels(), h, w, out);
    }

    /** Half-pixel-centre bilinear resize, edges replicated. */
    static Tensor resize(Tensor in, int height, int width) {
        float[] out = new float[in.channels() * height * width];
        double sy = (double) in.height() / height;
        double sx = (double) in.width() / width;
        for (int c = 0; c < in.channels(); c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double fx = Math.max(0, (x + 0.5) * sx - 0.5);
                    double fy = Math.max(0, (y + 0.5) * sy - 0.5);
                    out[(c * height + y) * width + x] = sample(in, c, fx, fy, BorderMode.REPLICATE);
                }
            }
        }
        return Tensor.wrap(in.channels(), height, width, out);
    }

    /** Label per pixel: the first channel of the largest value. */
    static int[] argmax(Tensor in) {
        int n = in.height() * in.width();
        int[] labels = new int[n];
        for (int p = 0; p < n; p++) {
            int y = p / in.width();
            int x = p % in.width();
            float best = in.get(0, y, x);
            for (int c = 1; c < in.channels(); c++) {
                float v = in.get(c, y, x);
                if (v > best) {
                    best = v;
                    labels[p] = c;
                }
            }
        }
        return labels;
    }
}
