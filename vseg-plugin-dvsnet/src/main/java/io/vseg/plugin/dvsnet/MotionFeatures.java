package io.vseg.plugin.dvsnet;

import io.vseg.api.Region;
import io.vseg.api.tensor.FlowField;
import java.util.Arrays;
import java.util.List;

/**
 * The decision model's input for one region: how the region moved and changed between its key frame and the
 * current frame, and how much there is in it to get wrong. Computed on the flow's grid ({@link MotionGrid}) over
 * the cells whose centres lie in the region (its overlap included). Motion is in percent of the frame's width, so
 * that the figures do not depend on the video's resolution. In order:
 * <ol>
 *   <li>{@code motion-mean}: mean flow length;</li>
 *   <li>{@code motion-p90}: its 90th percentile;</li>
 *   <li>{@code motion-spread}: the flow's standard deviation, {@code sqrt(var dx + var dy)} (non-rigid motion);</li>
 *   <li>{@code flow-gradient}: mean of {@code |dx(right) - dx| + |dy(right) - dy| + |dx(below) - dx| +
 *       |dy(below) - dy|} between neighbouring cells (motion boundaries, inconsistent flow);</li>
 *   <li>{@code warp-error}: mean absolute luma difference (0..1) between the current frame and the key frame
 *       sampled where the flow points (bilinear, clamped at the border);</li>
 *   <li>{@code warp-error-share}: share of cells whose warp error exceeds {@value #ERROR_LEVEL};</li>
 *   <li>{@code frame-difference}: mean absolute luma difference without warping;</li>
 *   <li>{@code out-of-view}: share of cells whose flow points outside the frame;</li>
 *   <li>{@code label-boundary}: share of cells whose label on the key frame differs from the cell to the right
 *       or below (where a wrong displacement changes labels);</li>
 *   <li>{@code label-minority}: share of cells not of the region's most common label on the key frame;</li>
 *   <li>{@code key-uncertain}: share of cells where the key frame's prediction hesitates: its top class
 *       probability leads the second by less than {@value #UNCERTAIN} (where a fresh prediction may flip
 *       whatever the motion);</li>
 *   <li>{@code offset}: frames since the region's key frame, divided by 10;</li>
 * </ol>
 * and three that look where the labels are. A warp's mistakes that matter are on and around the objects, not in
 * the background's texture. The <em>object cells</em> are the cells not of the region's most common label on the
 * key frame, and the cells on a label boundary:
 * <ol start="13">
 *   <li>{@code object-warp-error}: mean warp error over the object cells (0 without any);</li>
 *   <li>{@code object-motion}: length of the mean flow over the object cells minus the mean flow over the
 *       other cells (an object moving against its background);</li>
 *   <li>{@code boundary-error-share}: share of the region's cells that are on a label boundary and whose warp
 *       error exceeds {@value #ERROR_LEVEL}.</li>
 * </ol>
 */
final class MotionFeatures {
    static final List<String> NAMES = List.of("motion-mean", "motion-p90", "motion-spread", "flow-gradient",
            "warp-error", "warp-error-share", "frame-difference", "out-of-view", "label-boundary", "label-minority",
            "key-uncertain", "offset", "object-warp-error", "object-motion", "boundary-error-share");
    /** A key-frame cell whose top class probability leads the second by less than this is uncertain. */
    static final float UNCERTAIN = 0.5f;
    static final float ERROR_LEVEL = 0.08f;
    /**
     * The features read every {@code STRIDE}-th cell across and down (those whose indices are multiples of it),
     * comparing each with its right and lower neighbours: the statistics of a region stay as they are for a
     * quarter of the work. The current frame's grey needs those cells only ({@link MotionGrid#grey(Image, int)}).
     */
    static final int STRIDE = 2;

    private MotionFeatures() {
    }

    /**
     * @param flow       backward flow, current frame to key frame, on {@code grid}
     * @param current    the current frame's {@link MotionGrid#grey}
     * @param key        the key frame's
     * @param keyCells   the key frame's prediction on the grid
     * @param offset     frames between the key frame and the current one
     */
    static float[] of(MotionGrid grid, Region region, FlowField flow, float[] current, float[] key, MotionGrid.KeyCells keyCells,
                      int offset) {
        if (flow.width() != grid.width() || flow.height() != grid.height()) {
            throw new IllegalArgumentException(flow + " is not on the " + grid.width() + "x" + grid.height() + " grid");
        }
        int gw = grid.width();
        int gh = grid.height();
        int[] cols = grid.columns(region.x(), region.right());
        int[] rows = grid.rows(region.y(), region.bottom());
        // Cell displacements to percent of the frame's width.
        float sx = 100f / gw;
        float sy = 100f * grid.frameHeight() / ((float) grid.frameWidth() * gh);
        int i0 = firstVisited(cols[0], cols[1]);
        int j0 = firstVisited(rows[0], rows[1]);
        int n = ((cols[1] - i0 + STRIDE - 1) / STRIDE) * ((rows[1] - j0 + STRIDE - 1) / STRIDE);
        float[] mags = new float[n];
        double sumX = 0, sumY = 0, sqX = 0, sqY = 0, gradient = 0, error = 0, difference = 0;
        int gradientCells = 0, errorCells = 0, outside = 0, boundary = 0, boundaryErrors = 0, uncertain = 0;
        int[] keyLabels = keyCells.labels();
        float[] margins = keyCells.margins();
        int[] labelCounts = new int[16];
        // Per label, its cells off any label boundary: their count, and their sums of warp error, dx and dy.
        // Once the majority label is known, its interior is "the rest"; every other cell is an object cell.
        int[] interior = new int[16];
        double[] interiorSums = new double[3 * 16];
        int k = 0;
        for (int j = j0; j < rows[1]; j += STRIDE) {
            for (int i = i0; i < cols[1]; i += STRIDE, k++) {
                float dx = flow.dx(i, j);
                float dy = flow.dy(i, j);
                float mx = dx * sx;
                float my = dy * sy;
                mags[k] = (float) Math.sqrt(mx * mx + my * my);
                sumX += mx;
                sumY += my;
                sqX += mx * mx;
                sqY += my * my;
                if (i + 1 < cols[1] && j + 1 < rows[1]) {
                    gradient += Math.abs(flow.dx(i + 1, j) - dx) * sx + Math.abs(flow.dy(i + 1, j) - dy) * sy
                            + Math.abs(flow.dx(i, j + 1) - dx) * sx + Math.abs(flow.dy(i, j + 1) - dy) * sy;
                    gradientCells++;
                }
                float x = i + dx;
                float y = j + dy;
                if (x < -0.5f || y < -0.5f || x > gw - 0.5f || y > gh - 0.5f) {
                    outside++;
                }
                float e = Math.abs(current[j * gw + i] - bilinear(key, gw, gh, x, y));
                error += e;
                errorCells += e > ERROR_LEVEL ? 1 : 0;
                difference += Math.abs(current[j * gw + i] - key[j * gw + i]);
                int label = keyLabels[j * gw + i];
                if (label >= labelCounts.length) {
                    labelCounts = Arrays.copyOf(labelCounts, label + 1);
                    interior = Arrays.copyOf(interior, label + 1);
                    interiorSums = Arrays.copyOf(interiorSums, 3 * (label + 1));
                }
                labelCounts[label]++;
                boolean edge = (i + 1 < cols[1] && keyLabels[j * gw + i + 1] != label)
                        || (j + 1 < rows[1] && keyLabels[(j + 1) * gw + i] != label);
                if (edge) {
                    boundary++;
                    boundaryErrors += e > ERROR_LEVEL ? 1 : 0;
                } else {
                    interior[label]++;
                    interiorSums[3 * label] += e;
                    interiorSums[3 * label + 1] += mx;
                    interiorSums[3 * label + 2] += my;
                }
                uncertain += margins[j * gw + i] < UNCERTAIN ? 1 : 0;
            }
        }
        double meanX = sumX / n;
        double meanY = sumY / n;
        double spread = Math.sqrt(Math.max(0, sqX / n - meanX * meanX) + Math.max(0, sqY / n - meanY * meanY));
        double meanMag = 0;
        for (float m : mags) {
            meanMag += m;
        }
        float p90 = select(mags, Math.min(n - 1, (int) (0.9 * n)));
        int majority = 0;
        for (int l = 1; l < labelCounts.length; l++) {
            majority = labelCounts[l] > labelCounts[majority] ? l : majority;
        }
        // Label-aware: the object cells (not of the majority label, or on a boundary) against the rest.
        int restCells = interior[majority];
        int objectCells = n - restCells;
        double restX = interiorSums[3 * majority + 1];
        double restY = interiorSums[3 * majority + 2];
        double objectError = error - interiorSums[3 * majority];
        double relative = objectCells == 0 || restCells == 0 ? 0 : Math.hypot(
                (sumX - restX) / objectCells - restX / restCells, (sumY - restY) / objectCells - restY / restCells);
        return new float[] {
            (float) (meanMag / n),
            p90,
            (float) spread,
            (float) (gradientCells == 0 ? 0 : gradient / gradientCells),
            (float) (error / n),
            (float) errorCells / n,
            (float) (difference / n),
            (float) outside / n,
            (float) boundary / n,
            1 - (float) labelCounts[majority] / n,
            (float) uncertain / n,
            offset / 10f,
            (float) (objectCells == 0 ? 0 : objectError / objectCells),
            (float) relative,
            (float) boundaryErrors / n,
        };
    }

    /** The first multiple of {@link #STRIDE} in {@code [from, to)}, or {@code from} where there is none. */
    private static int firstVisited(int from, int to) {
        int first = (from + STRIDE - 1) / STRIDE * STRIDE;
        return first < to ? first : from;
    }

    /** The {@code k}-th smallest value (0-based) of {@code a}, which it reorders (quickselect). */
    static float select(float[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        while (lo < hi) {
            float pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static float bilinear(float[] img, int w, int h, float x, float y) {
        x = Math.max(0, Math.min(w - 1, x));
        y = Math.max(0, Math.min(h - 1, y));
        int x0 = Math.min(w - 2, (int) x);
        int y0 = Math.min(h - 2, (int) y);
        if (w < 2 || h < 2) {
            return img[Math.round(y) * w + Math.round(x)];
        }
        float fx = x - x0;
        float fy = y - y0;
        float a = img[y0 * w + x0] * (1 - fx) + img[y0 * w + x0 + 1] * fx;
        float b = img[(y0 + 1) * w + x0] * (1 - fx) + img[(y0 + 1) * w + x0 + 1] * fx;
        return a * (1 - fy) + b * fy;
    }
}
