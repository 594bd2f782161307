package io.vseg.runtime.engine;

import io.vseg.api.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/** Turns a network's 4-D (or 3-D) batch-1 output into a {@code [C, H, W]} tensor. */
final class Layouts {
    private Layouts() {
    }

    /**
     * @param shape  the output's dimensions, batch first
     * @param values the values in memory order
     * @param layout {@code nchw}, {@code nhwc} or {@code auto} (NHWC when the last dimension is smaller than
     *               the second, as for TFLite's {@code [1, H, W, C]} with few classes)
     */
    static Tensor toChw(long[] shape, float[] values, String layout) {
        long[] s = shape.length == 3 ? new long[] {1, shape[0], shape[1], shape[2]} : shape;
        if (s.length != 4 || s[0] != 1) {
            throw new IllegalArgumentException("expected a batch-1 4-D output, got shape " + Arrays.toString(shape));
        }
        boolean nhwc = switch (layout.toLowerCase(Locale.ROOT)) {
            case "nchw" -> false;
            case "nhwc" -> true;
            case "auto" -> s[3] < s[1];
            default -> throw new IllegalArgumentException("output-layout: unknown '" + layout + "'; available: auto, nchw, nhwc");
        };
        if (!nhwc) {
            return Tensor.wrap((int) s[1], (int) s[2], (int) s[3], values);
        }
        int h = (int) s[1];
        int w = (int) s[2];
        int c = (int) s[3];
        float[] chw = new float[values.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int src = (y * w + x) * c;
                for (int k = 0; k < c; k++) {
                    chw[(k * h + y) * w + x] = values[src + k];
                }
            }
        }
        return Tensor.wrap(c, h, w, chw);
    }
}
