package io.vseg.runtime.eval;

import java.util.Arrays;

/**
 * Contour accuracy F of the DAVIS benchmark (Perazzi et al., CVPR 2016), computed as the official evaluation code
 * computes it ({@code db_eval_boundary} / {@code f_measure} with {@code seg2bmap}, in the DAVIS 2016/2017 code and
 * davis2017-evaluation's {@code metrics.py}): the F-measure of boundary precision and recall, where a boundary
 * pixel counts as matched when the other mask has a boundary pixel within ceil({@value #TOLERANCE} x the image
 * diagonal) pixels (8 px at 854x480; Euclidean distance, a disk).
 *
 * <p>The boundary map is {@code seg2bmap}'s: a pixel where the mask changes towards its east, south or south-east
 * neighbour. It lies on either side of the contour (a foreground pixel before background, or a background pixel
 * before foreground), half a pixel towards the origin from the true contour. The image border is no contour: in
 * the last row only the east neighbour counts, in the last column only the south one, and the bottom-right pixel
 * is never a boundary pixel. {@code scripts/davis-official-metrics.py} is a numpy port of the official functions;
 * {@code BoundaryFTest} pins this class to its values on real DAVIS masks.
 */
public final class BoundaryF {
    /** Match tolerance as a share of the image diagonal ({@code bound_th} of the DAVIS evaluation code). */
    public static final double TOLERANCE = 0.008;

    private BoundaryF() {
    }

    /**
     * F of {@code predicted} against {@code truth}, binary masks of {@code width x height}. As in the official
     * code: with no predicted boundary precision is 1 and recall 0, with no annotated boundary precision 0 and
     * recall 1, so F is 0 when one mask has no boundary and 1 when neither has one.
     */
    public static double of(boolean[] truth, boolean[] predicted, int width, int height) {
        if (truth.length != width * height || predicted.length != width * height) {
            throw new IllegalArgumentException("masks of " + truth.length + " and " + predicted.length
                    + " pixels, expected " + width + "x" + height);
        }
        boolean[] bt = boundary(truth, width, height);
        boolean[] bp = boundary(predicted, width, height);
        long nt = count(bt);
        long np = count(bp);
        double precision;
        double recall;
        if (np == 0 && nt > 0) {
            precision = 1;
            recall = 0;
        } else if (np > 0 && nt == 0) {
            precision = 0;
            recall = 1;
        } else if (np == 0) {
            precision = 1;
            recall = 1;
        } else {
            int radius = radius(width, height);
            boolean[] nearTruth = dilate(bt, width, height, radius);
            boolean[] nearPredicted = dilate(bp, width, height, radius);
            long matchedP = 0;
            long matchedT = 0;
            for (int i = 0; i < bt.length; i++) {
                if (bp[i] && nearTruth[i]) {
                    matchedP++;
                }
                if (bt[i] && nearPredicted[i]) {
                    matchedT++;
                }
            }
            precision = (double) matchedP / np;
            recall = (double) matchedT / nt;
        }
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    /** The match radius in pixels: {@code ceil(bound_th * norm(shape))} as the official code computes it. */
    static int radius(int width, int height) {
        return (int) Math.ceil(TOLERANCE * Math.sqrt((double) width * width + (double) height * height));
    }

    /**
     * {@code seg2bmap}: pixels where the mask differs from its east, south or south-east neighbour; in the last
     * row from the east neighbour only, in the last column from the south neighbour only; never the bottom-right
     * pixel.
     */
    static boolean[] boundary(boolean[] m, int w, int h) {
        boolean[] b = new boolean[m.length];
        for (int y = 0; y < h; y++) {
            boolean lastRow = y == h - 1;
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                boolean lastColumn = x == w - 1;
                boolean v = m[p];
                if (lastRow && lastColumn) {
                    b[p] = false;
                } else if (lastRow) {
                    b[p] = v != m[p + 1];
                } else if (lastColumn) {
                    b[p] = v != m[p + w];
                } else {
                    b[p] = v != m[p + 1] || v != m[p + w] || v != m[p + w + 1];
                }
            }
        }
        return b;
    }

    /**
     * Binary dilation by a disk of radius {@code r} ({@code skimage.morphology.disk}: offsets with
     * {@code dx^2 + dy^2 <= r^2}): every pixel within Euclidean distance {@code r} of a set pixel.
     */
    static boolean[] dilate(boolean[] m, int w, int h, int r) {
        boolean[] out = new boolean[m.length];
        int[] span = new int[r + 1];
        for (int dy = 0; dy <= r; dy++) {
            int s = 0;
            while ((s + 1) * (s + 1) + dy * dy <= r * r) {
                s++;
            }
            span[dy] = s;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!m[y * w + x]) {
                    continue;
                }
                for (int dy = -r; dy <= r; dy++) {
                    int yy = y + dy;
                    if (yy < 0 || yy >= h) {
                        continue;
                    }
                    int s = span[Math.abs(dy)];
                    int x0 = Math.max(0, x - s);
                    int x1 = Math.min(w - 1, x + s);
                    Arrays.fill(out, yy * w + x0, yy * w + x1 + 1, true);
                }
            }
        }
        return out;
    }

    private static long count(boolean[] m) {
        long n = 0;
        for (boolean v : m) {
            n += v ? 1 : 0;
        }
        return n;
    }
}
