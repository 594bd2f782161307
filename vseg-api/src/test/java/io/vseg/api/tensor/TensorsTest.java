package io.vseg.api.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TensorsTest {

    private static Tensor random(int c, int h, int w, long seed) {
        Random r = new Random(seed);
        float[] d = new float[c * h * w];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextFloat();
        }
        return Tensor.wrap(c, h, w, d);
    }

    @Test
    void zeroFlowIsTheIdentityInEveryBorderMode() {
        Tensor t = random(3, 7, 9, 1);
        for (BorderMode mode : BorderMode.values()) {
            assertThat(Tensors.warp(t, FlowField.zero(9, 7), mode)).isEqualTo(t);
        }
    }

    @Test
    void constantFlowTranslatesByWholePixels() {
        Tensor t = random(2, 10, 12, 2);
        // out(x, y) = src(x + 3, y - 2): content moves 3 left and 2 down.
        Tensor out = Tensors.warp(t, FlowField.constant(12, 10, 3, -2), BorderMode.ZERO);
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 10; y++) {
                for (int x = 0; x < 12; x++) {
                    int sx = x + 3;
                    int sy = y - 2;
                    float expected = sx < 12 && sy >= 0 ? t.get(c, sy, sx) : 0f;
                    assertThat(out.get(c, y, x)).as("(%d,%d,%d)", c, y, x).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void halfPixelFlowInterpolatesNeighbours() {
        Tensor t = Tensor.wrap(1, 1, 3, new float[] {0, 10, 20});
        Tensor out = Tensors.warp(t, FlowField.constant(3, 1, 0.5f, 0), BorderMode.REPLICATE);
        assertThat(out.toArray()).containsExactly(5f, 15f, 20f);
    }

    @Test
    void borderModesDifferOutsideTheGrid() {
        Tensor t = Tensor.wrap(1, 1, 2, new float[] {4, 8});
        FlowField left = FlowField.constant(2, 1, -1.5f, 0);
        assertThat(Tensors.warp(t, left, BorderMode.ZERO).toArray()).containsExactly(0f, 2f);
        assertThat(Tensors.warp(t, left, BorderMode.REPLICATE).toArray()).containsExactly(4f, 4f);
        assertThat(Tensors.warp(t, left, BorderMode.NEAREST).toArray()).containsExactly(4f, 4f);
    }

    @Test
    void nearestNeverBlendsValues() {
        Tensor labels = Tensor.wrap(1, 1, 3, new float[] {0, 10, 20});
        FlowField shift = FlowField.constant(3, 1, 0.4f, 0);
        assertThat(Tensors.warp(labels, shift, BorderMode.NEAREST).toArray()).containsExactly(0f, 10f, 20f);
        assertThat(Tensors.warp(labels, shift, BorderMode.REPLICATE).toArray()).containsExactly(4f, 14f, 20f);
    }

    @Test
    void warpResizesAFullResolutionFlowToACoarseGrid() {
        Tensor coarse = random(1, 4, 4, 3);
        // 8 px at full resolution (16x16) is 2 px on the 4x4 grid.
        Tensor out = Tensors.warp(coarse, FlowField.constant(16, 16, 8, 0), BorderMode.ZERO);
        assertThat(out.get(0, 1, 0)).isEqualTo(coarse.get(0, 1, 2));
        assertThat(out.get(0, 1, 2)).isZero();
    }

    @Test
    void resizeKeepsConstantsAndMatchesPixelCentres() {
        Tensor flat = Tensor.wrap(1, 2, 2, new float[] {3, 3, 3, 3});
        assertThat(Tensors.resize(flat, 5, 7).toArray()).containsOnly(3f);
        Tensor ramp = Tensor.wrap(1, 1, 2, new float[] {0, 1});
        // 2 -> 4 columns: centres at 0.25, 0.75, 1.25, 1.75 of the source => 0, 0.25, 0.75, 1.
        assertThat(Tensors.resize(ramp, 1, 4).toArray()).containsExactly(0f, 0.25f, 0.75f, 1f);
    }

    @Test
    void flowResizeScalesDisplacements() {
        FlowField f = FlowField.constant(10, 20, 2, 4).resized(10, 5);
        assertThat(f.dx(0, 0)).isEqualTo(1f);
        assertThat(f.dy(4, 9)).isEqualTo(2f);
    }

    @Test
    void softmaxSumsToOneAndArgmaxPicksTheLargest() {
        Tensor t = Tensor.wrap(3, 1, 2, new float[] {1, 5, 2, 5, 3, -1});
        Tensor p = Tensors.softmax(t);
        for (int x = 0; x < 2; x++) {
            assertThat(p.get(0, 0, x) + p.get(1, 0, x) + p.get(2, 0, x)).isCloseTo(1f, within(1e-6f));
        }
        assertThat(p.get(2, 0, 0)).isGreaterThan(p.get(1, 0, 0));
        assertThat(Tensors.argmax(t)).containsExactly(2, 0);
    }

    @Test
    void argmaxAtAnotherSizeEqualsArgmaxOfTheResizedTensor() {
        Tensor t = random(3, 9, 16, 5);
        assertThat(Tensors.argmax(t, 27, 40)).containsExactly(Tensors.argmax(Tensors.resize(t, 27, 40)));
        assertThat(Tensors.argmax(t, 9, 16)).containsExactly(Tensors.argmax(t));
        Tensor two = random(2, 9, 16, 6);
        assertThat(Tensors.argmax(two, 27, 40)).containsExactly(Tensors.argmax(Tensors.resize(two, 27, 40)));
    }

    @Test
    void cropThenPasteRestoresTheWindow() {
        Tensor t = random(2, 6, 8, 4);
        Tensor window = Tensors.crop(t, 2, 1, 4, 3);
        assertThat(window.get(1, 0, 0)).isEqualTo(t.get(1, 1, 2));
        Tensor pasted = Tensors.paste(Tensor.zeros(2, 6, 8), window, 2, 1);
        assertThat(Tensors.crop(pasted, 2, 1, 4, 3)).isEqualTo(window);
        assertThat(pasted.get(0, 0, 0)).isZero();
        assertThatThrownBy(() -> Tensors.crop(t, 6, 0, 4, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void elementWiseCombinations() {
        Tensor a = Tensor.wrap(2, 1, 2, new float[] {1, 2, 3, 4});
        Tensor b = Tensor.wrap(2, 1, 2, new float[] {10, 20, 30, 40});
        assertThat(Tensors.weightedSum(a, 0.5f, b, 0.1f).toArray()).containsExactly(1.5f, 3f, 4.5f, 6f);
        assertThat(Tensors.multiply(a, Tensor.wrap(1, 1, 2, new float[] {2, 0})).toArray())
                .containsExactly(2f, 0f, 6f, 0f);
        assertThat(Tensors.multiply(a, b).toArray()).containsExactly(10f, 40f, 90f, 160f);
        assertThat(Tensors.meanAbsoluteDifference(a, b)).isEqualTo((9 + 18 + 27 + 36) / 4.0);
        assertThatThrownBy(() -> Tensors.multiply(a, Tensor.zeros(3, 1, 2))).hasMessageContaining("[3, 1, 2]");
    }

    @Test
    void flowFieldsFromOpenCvLayoutAndTheirMagnitude() {
        FlowField f = FlowField.fromInterleaved(2, 1, new float[] {3, 4, 0, 0});
        assertThat(f.dx(0, 0)).isEqualTo(3f);
        assertThat(f.dy(0, 0)).isEqualTo(4f);
        assertThat(f.meanMagnitude()).isEqualTo(2.5);
        assertThat(Tensors.fromImage(io.vseg.api.Image.wrap(1, 1, new byte[] {(byte) 255, 0, 7})).toArray())
                .containsExactly(255f, 0f, 7f);
    }

    @Test
    void wrapRejectsAMismatchedShape() {
        assertThatThrownBy(() -> Tensor.wrap(2, 2, 2, new float[7]))
                .hasMessageContaining("[2, 2, 2]").hasMessageContaining("7");
    }

    @Test
    void aRegionOfACoarseFlowIsSampledAtItsExactPositions() {
        // A 20x10 flow over an 80x40 frame: dx = the cell's column, dy = 2 (in cells).
        float[] d = new float[2 * 200];
        for (int j = 0; j < 10; j++) {
            for (int i = 0; i < 20; i++) {
                d[j * 20 + i] = i;
                d[200 + j * 20 + i] = 2;
            }
        }
        FlowField coarse = FlowField.of(Tensor.wrap(2, 10, 20, d));
        FlowField part = coarse.region(20, 8, 40, 20, 80, 40);
        assertThat(part.width()).isEqualTo(10);
        assertThat(part.height()).isEqualTo(5);
        for (int i = 0; i < 10; i++) {
            assertThat(part.dx(i, 2)).isCloseTo(5 + i, within(1e-5f));
            assertThat(part.dy(i, 2)).isCloseTo(2, within(1e-5f));
        }
        // On a grid of another density the displacements follow it: 6 cells across 40 pixels.
        FlowField odd = coarse.region(20, 8, 40, 20, 80, 40).resized(5, 6);
        assertThat(odd.dy(3, 2)).isCloseTo(2, within(1e-5f));
        assertThatThrownBy(() -> coarse.region(60, 0, 40, 20, 80, 40)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not inside");
    }
}
