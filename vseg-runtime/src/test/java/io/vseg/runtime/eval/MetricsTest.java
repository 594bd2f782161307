package io.vseg.runtime.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.vseg.api.tensor.FlowField;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static final int W = 200;
    private static final int H = 120;

    /** A filled square of side 60 with its top-left corner at (x, y). */
    private static boolean[] square(int x, int y) {
        boolean[] m = new boolean[W * H];
        for (int r = y; r < y + 60; r++) {
            for (int c = x; c < x + 60; c++) {
                m[r * W + c] = true;
            }
        }
        return m;
    }

    private static int[] labels(boolean[] m) {
        int[] l = new int[m.length];
        for (int i = 0; i < m.length; i++) {
            l[i] = m[i] ? 1 : 0;
        }
        return l;
    }

    @Test
    void aMaskAgainstItselfHasJAndFOfOne() {
        boolean[] m = square(40, 30);
        assertThat(MaskIou.of(labels(m), labels(m), 1)).isEqualTo(1.0);
        assertThat(BoundaryF.of(m, m, W, H)).isEqualTo(1.0);
    }

    @Test
    void fToleratesShiftsWithinTheToleranceAndDropsBeyondIt() {
        // Tolerance: ceil(0.008 * hypot(200, 120)) = ceil(1.87) = 2 px.
        boolean[] truth = square(40, 30);
        // The boundary map (seg2bmap) of the square x 40..99, y 30..89 is the ring of the square x 39..99,
        // y 29..89: pixels whose east, south or south-east neighbour differs, i.e. the contour half a pixel
        // towards the origin (240 pixels). Shifted by (1, 1), every ring pixel is within sqrt(2) of the other ring.
        assertThat(BoundaryF.of(truth, square(41, 31), W, H)).isEqualTo(1.0);
        // Shifted 10 px right: the prediction's ring is x 49..109, y 29..89. Its pixels within 2 px of the truth's
        // ring: the top and bottom rows up to x = 101 (53 each) and the left column's y 30, 31, 87, 88 (4); the
        // right column is 10 px from anything. Precision 110 / 240, and recall the same by symmetry: F = 11/24.
        assertThat(BoundaryF.of(truth, square(50, 30), W, H)).isCloseTo(11 / 24.0,
                org.assertj.core.api.Assertions.within(1e-12));
        assertThat(MaskIou.of(labels(truth), labels(square(50, 30)), 1)).isCloseTo(50 / 70.0,
                org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void fOfEmptyBoundariesFollowsTheOfficialCases() {
        boolean[] empty = new boolean[W * H];
        boolean[] full = new boolean[W * H];
        java.util.Arrays.fill(full, true);
        // No predicted boundary against an annotated one: precision 1, recall 0, F 0; and the other way round.
        assertThat(BoundaryF.of(square(40, 30), empty, W, H)).isZero();
        assertThat(BoundaryF.of(empty, square(40, 30), W, H)).isZero();
        assertThat(BoundaryF.of(empty, empty, W, H)).isEqualTo(1.0);
        // The image border is no contour, so a mask covering the whole frame has no boundary either: against an
        // empty mask both boundaries are empty and the official code gives F 1 (J is 0).
        assertThat(BoundaryF.of(full, empty, W, H)).isEqualTo(1.0);
        assertThat(MaskIou.of(full, empty)).isZero();
        assertThat(MaskIou.of(empty, empty)).isEqualTo(1.0);
    }

    @Test
    void temporalConsistencyIsOneOnAStaticClipAndLowerWhenLabelsJumpAgainstTheMotion() {
        int[] a = labels(square(40, 30));
        assertThat(TemporalConsistency.pair(a, a, FlowField.zero(W, H), W, H, 2)).isEqualTo(1.0);
        // The labels moved 10 px right and the flow says so: consistent.
        int[] moved = labels(square(50, 30));
        assertThat(TemporalConsistency.pair(a, moved, FlowField.constant(W, H, 10, 0), W, H, 2)).isEqualTo(1.0);
        // The labels moved, the scene did not: inconsistent.
        assertThat(TemporalConsistency.pair(a, moved, FlowField.zero(W, H), W, H, 2)).isLessThan(0.9);
    }
}
