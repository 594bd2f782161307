package io.vseg.api.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The blocked, threaded kernels of {@link Tensors} against {@link ScalarKernels}, on random tensors of odd sizes
 * (block and thread boundaries fall mid-tensor), with flows that reach past every border, in every border mode,
 * on one thread and on three.
 */
class KernelsTest {
    private static final float TOLERANCE = 1e-5f;

    @AfterEach
    void oneThreadAgain() {
        Tensors.useThreads(1);
    }

    private static Tensor random(int c, int h, int w, Random r, float scale) {
        float[] d = new float[c * h * w];
        for (int i = 0; i < d.length; i++) {
            d[i] = (r.nextFloat() - 0.5f) * scale;
        }
        return Tensor.wrap(c, h, w, d);
    }

    /** Every value within 1e-5 of the reference, relative to the value's size (both sides round in float). */
    private static void assertClose(Tensor actual, Tensor expected) {
        assertThat(actual.shape()).isEqualTo(expected.shape());
        float[] a = actual.toArray();
        float[] e = expected.toArray();
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < a.length; i++) {
            double excess = Math.abs(a[i] - e[i]) - TOLERANCE * Math.max(1, Math.abs(e[i]));
            if (excess > worstExcess) {
                worstExcess = excess;
                worst = i;
            }
        }
        assertThat(worst).as("value %d: %s against the reference's %s", worst, worst < 0 ? 0 : a[worst],
                worst < 0 ? 0 : e[worst]).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void warpEqualsTheScalarReferenceInEveryBorderMode(int threads) {
        Tensors.useThreads(threads);
        Random r = new Random(7);
        int[][] sizes = {{1, 1, 1}, {3, 7, 5}, {5, 67, 131}, {20, 129, 257}, {2, 301, 403}};
        for (int[] s : sizes) {
            Tensor t = random(s[0], s[1], s[2], r, 4);
            // Displacements up to 6 pixels, so that samples leave the grid on every side.
            FlowField flow = FlowField.of(random(2, s[1], s[2], r, 12));
            for (BorderMode mode : BorderMode.values()) {
                assertClose(Tensors.warp(t, flow, mode), ScalarKernels.warp(t, flow, mode));
            }
            // A coarse flow warping a finer map, as a propagator warps a stage at another stride.
            FlowField coarse = FlowField.of(random(2, Math.max(1, s[1] / 3), Math.max(1, s[2] / 3), r, 4));
            assertClose(Tensors.warp(t, coarse, BorderMode.REPLICATE), ScalarKernels.warp(t, coarse, BorderMode.REPLICATE));
            // The warp reads a flow on another grid (coarser, finer, or other in one direction only) as the resized
            // field, bit for bit, without making it.
            FlowField fine = FlowField.of(random(2, s[1] * 2 + 1, s[2] + 3, r, 4));
            FlowField wider = FlowField.of(random(2, s[1], s[2] * 2, r, 4));
            for (FlowField other : new FlowField[] {coarse, fine, wider}) {
                for (BorderMode mode : BorderMode.values()) {
                    assertThat(java.util.Arrays.equals(Tensors.warp(t, other, mode).toArray(),
                            Tensors.warp(t, other.resized(s[1], s[2]), mode).toArray()))
                            .as("%s flow %dx%d onto %s", mode, other.width(), other.height(), t.shape()).isTrue();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void resizeAndDecodingEqualTheScalarReference(int threads) {
        Tensors.useThreads(threads);
        Random r = new Random(11);
        int[][] cases = {{20, 129, 257, 97, 171}, {2, 65, 113, 480, 854}, {2, 301, 603, 97, 171}, {3, 31, 17, 61, 33},
            {19, 300, 600, 300, 600}};
        for (int[] k : cases) {
            Tensor t = random(k[0], k[1], k[2], r, 10);
            Tensor resized = ScalarKernels.resize(t, k[3], k[4]);
            assertClose(Tensors.resize(t, k[3], k[4]), resized);
            int[] expected = ScalarKernels.argmax(resized);
            int[] decoded = Tensors.argmax(t, k[3], k[4]);
            // The fused decode interpolates in another order than resize-then-argmax: labels may differ only
            // where two classes' interpolated scores tie within float rounding.
            int differing = 0;
            for (int i = 0; i < expected.length; i++) {
                if (decoded[i] != expected[i]) {
                    differing++;
                    int y = i / k[4];
                    int x = i % k[4];
                    float e = resized.get(expected[i], y, x);
                    assertThat(resized.get(decoded[i], y, x)).isCloseTo(e, within(TOLERANCE * Math.max(1, Math.abs(e))));
                }
            }
            assertThat(differing).isLessThanOrEqualTo(expected.length / 10_000);
            assertThat(Tensors.argmax(resized)).isEqualTo(expected);
        }
    }
}
