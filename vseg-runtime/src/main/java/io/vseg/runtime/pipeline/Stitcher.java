package io.vseg.runtime.pipeline;

import io.vseg.api.Region;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import java.util.List;

/**
 * Puts per-region class scores back together at frame resolution. Each region's logits are resized to its
 * crop; where regions overlap, the region with the higher score wins each pixel (ties: the earlier region).
 */
final class Stitcher {
    private Stitcher() {
    }

    /** A region's logits (any resolution) and the scheduler's score for it. */
    record Part(Region region, Tensor logits, double score) {
    }

    static Tensor stitch(List<Part> parts, int width, int height) {
        int channels = parts.get(0).logits().channels();
        float[] out = new float[channels * width * height];
        double[] best = new double[width * height];
        java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
        int n = width * height;
        for (Part part : parts) {
            Region r = part.region();
            if (part.logits().channels() != channels) {
                throw new IllegalStateException("regions disagree on the number of classes");
            }
            Tensor t = Tensors.resize(part.logits(), r.height(), r.width());
            java.nio.FloatBuffer values = t.buffer();
            int rn = r.width() * r.height();
            for (int y = 0; y < r.height(); y++) {
                for (int x = 0; x < r.width(); x++) {
                    int p = (r.y() + y) * width + r.x() + x;
                    if (part.score() > best[p]) {
                        best[p] = part.score();
                        int q = y * r.width() + x;
                        for (int c = 0; c < channels; c++) {
                            out[c * n + p] = values.get(c * rn + q);
                        }
                    }
                }
            }
        }
        return Tensor.wrap(channels, height, width, out);
    }
}
