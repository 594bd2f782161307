package io.vseg.runtime.pipeline;

import io.vseg.api.Region;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import java.util.List;

/**
 * Puts per-region class scores back together. The result is on the frame's grid scaled to the finest region's
 * scores (at most the frame's resolution): a region's scores are no finer than that, and the frame loop resizes
 * the result to the frame when it decodes labels. Each region's scores are resized to its rectangle on that grid;
 * where regions overlap, the region with the higher score wins each cell (ties: the earlier region).
 */
final class Stitcher {
    private Stitcher() {
    }

    /** A region's logits (any resolution) and the scheduler's score for it. */
    record Part(Region region, Tensor logits, double score) {
    }

    static Tensor stitch(List<Part> parts, int width, int height) {
        int channels = parts.get(0).logits().channels();
        double scale = 0;
        for (Part part : parts) {
            scale = Math.max(scale, Math.max((double) part.logits().width() / part.region().width(),
                    (double) part.logits().height() / part.region().height()));
        }
        scale = Math.min(1, scale);
        int gw = Math.max(1, (int) Math.ceil(width * scale));
        int gh = Math.max(1, (int) Math.ceil(height * scale));
        float[] out = new float[channels * gw * gh];
        double[] best = new double[gw * gh];
        java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
        int n = gw * gh;
        for (Part part : parts) {
            Region r = part.region();
            if (part.logits().channels() != channels) {
                throw new IllegalStateException("regions disagree on the number of classes");
            }
            int x0 = (int) Math.floor(r.x() * scale);
            int y0 = (int) Math.floor(r.y() * scale);
            int rw = Math.max(1, Math.min(gw, (int) Math.ceil(r.right() * scale)) - x0);
            int rh = Math.max(1, Math.min(gh, (int) Math.ceil(r.bottom() * scale)) - y0);
            Tensor t = Tensors.resize(part.logits(), rh, rw);
            java.nio.FloatBuffer values = t.buffer();
            int rn = rw * rh;
            for (int y = 0; y < rh; y++) {
                for (int x = 0; x < rw; x++) {
                    int p = (y0 + y) * gw + x0 + x;
                    if (part.score() > best[p]) {
                        best[p] = part.score();
                        int q = y * rw + x;
                        for (int c = 0; c < channels; c++) {
                            out[c * n + p] = values.get(c * rn + q);
                        }
                    }
                }
            }
        }
        return Tensor.wrap(channels, gh, gw, out);
    }
}
