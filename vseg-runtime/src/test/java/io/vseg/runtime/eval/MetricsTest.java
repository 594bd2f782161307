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
        // Tolerance: ceil(0.008 * hypot(200, 120)) = 2 px.
        boolean[] truth = square(40, 30);
        assertThat(BoundaryF.of(truth, square(41, 31), W, H)).isEqualTo(1.0);
        double far = BoundaryF.of(truth, square(50, 30), W, H);
        assertThat(far).isLessThan(0.6);
        assertThat(MaskIou.of(labels(truth), labels(square(50, 30)), 1)).isCloseTo(50 / 70.0,
                org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void anEmptyPredictionHasFZeroAndTwoEmptyMasksFOne() {
        assertThat(BoundaryF.of(square(40, 30), new boolean[W * H], W, H)).isZero();
        assertThat(BoundaryF.of(new boolean[W * H], new boolean[W * H], W, H)).isEqualTo(1.0);
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
