package io.vseg.runtime.eval;

/**
 * Contour accuracy F of the DAVIS benchmark (Perazzi et al., CVPR 2016): the F-measure of boundary precision
 * and recall, where a boundary pixel counts as matched when the other mask has a boundary pixel within a
 * tolerance of {@value #TOLERANCE} of the image diagonal (8 px at 854x480).
 */
public final class BoundaryF {
    /** Match tolerance as a share of the image diagonal, as in the DAVIS evaluation code. */
    public static final double TOLERANCE = 0.008;

    private BoundaryF() {
    }

    /** F between two binary masks of {@code width x height}; 1 when both have no boundary, 0 when one has none. */
    public static double of(boolean[] truth, boolean[] predicted, int width, int height) {
        boolean[] bt = boundary(truth, width, height);
        boolean[] bp = boundary(predicted, width, height);
        int radius = (int) Math.ceil(TOLERANCE * Math.hypot(width, height));
        long nt = count(bt);
        long np = count(bp);
        if (nt == 0 && np == 0) {
            return 1;
        }
        if (nt == 0 || np == 0) {
            return 0;
        }
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
        double precision = (double) matchedP / np;
        double recall = (double) matchedT / nt;
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    /** Pixels of the mask with a 4-neighbour outside it (or on the image border): a one-pixel-thin contour. */
    static boolean[] boundary(boolean[] m, int w, int h) {
        boolean[] b = new boolean[m.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                if (m[p] && ((x > 0 && !m[p - 1]) || (x + 1 < w && !m[p + 1])
                        || (y > 0 && !m[p - w]) || (y + 1 < h && !m[p + w]))) {
                    b[p] = true;
                }
            }
        }
        return b;
    }

    /** Every pixel within Euclidean distance {@code r} of a set pixel. */
    static boolean[] dilate(boolean[] m, int w, int h, int r) {
        boolean[] out = new boolean[m.length];
        int[] span = new int[r + 1];
        for (int dy = 0; dy <= r; dy++) {
            span[dy] = (int) Math.floor(Math.sqrt((double) r * r - (double) dy * dy));
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
                    java.util.Arrays.fill(out, yy * w + x0, yy * w + x1 + 1, true);
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
