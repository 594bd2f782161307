package io.vseg.runtime.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.vseg.api.Image;
import io.vseg.api.tensor.BorderMode;
import io.vseg.api.tensor.FlowField;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import io.vseg.runtime.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Warping and optical flow against MPI-Sintel ground truth (clean pass). frame_0002's ground-truth flow is
 * forward flow 2 -> 3, which in vseg's convention is backward flow with target frame 2 and source frame 3.
 */
class SintelFlowTest {

    @ParameterizedTest
    @ValueSource(strings = {"alley_1", "cave_2", "market_5"})
    void warpingByGroundTruthFlowReconstructsTheTargetFrame(String name) throws IOException {
        Path scene = Sintel.scene(TestData.sintel(), name);
        Tensor f2 = Tensors.fromImage(Sintel.frame(scene, 2));
        Tensor f3 = Tensors.fromImage(Sintel.frame(scene, 3));
        FlowField gt = Sintel.flo(scene.resolve("gt/frame_0002.flo"));
        boolean[] use = usable(scene);

        Tensor warped = Tensors.warp(f3, gt, BorderMode.REPLICATE);
        double before = meanAbsDiff(f2, f3, use);
        double after = meanAbsDiff(f2, warped, use);
        System.out.printf(Locale.ROOT, "sintel %s: mean |frame2 - frame3| %.2f, after warping by ground truth %.2f%n",
                name, before, after);
        assertThat(after).isLessThan(before);
        assertThat(after).isLessThan(0.5 * before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alley_1", "cave_2", "market_5"})
    void disFlowHasLowerEndpointErrorThanZeroFlow(String name) throws IOException {
        Path scene = Sintel.scene(TestData.sintel(), name);
        Image f2 = Sintel.frame(scene, 2);
        Image f3 = Sintel.frame(scene, 3);
        FlowField gt = Sintel.flo(scene.resolve("gt/frame_0002.flo"));
        boolean[] valid = invert(Sintel.mask(scene.resolve("gt/invalid/frame_0002.png")));

        try (DisFlowEstimator dis = new DisFlowEstimator("medium", 1)) {
            FlowField estimate = dis.estimate(f2, f3);
            double epe = endpointError(estimate, gt, valid);
            double zero = endpointError(FlowField.zero(gt.width(), gt.height()), gt, valid);
            System.out.printf(Locale.ROOT, "sintel %s: EPE opencv-dis(medium) %.2f, zero flow %.2f%n", name, epe, zero);
            assertThat(epe).isLessThan(zero);
        }
    }

    private static boolean[] usable(Path scene) throws IOException {
        boolean[] occluded = Sintel.mask(scene.resolve("gt/occlusions/frame_0002.png"));
        boolean[] invalid = Sintel.mask(scene.resolve("gt/invalid/frame_0002.png"));
        boolean[] use = new boolean[occluded.length];
        for (int i = 0; i < use.length; i++) {
            use[i] = !occluded[i] && !invalid[i];
        }
        return use;
    }

    private static boolean[] invert(boolean[] m) {
        boolean[] out = new boolean[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = !m[i];
        }
        return out;
    }

    private static double meanAbsDiff(Tensor a, Tensor b, boolean[] use) {
        int n = a.height() * a.width();
        double sum = 0;
        long count = 0;
        for (int c = 0; c < a.channels(); c++) {
            for (int y = 0; y < a.height(); y++) {
                for (int x = 0; x < a.width(); x++) {
                    if (use[y * a.width() + x]) {
                        sum += Math.abs(a.get(c, y, x) - b.get(c, y, x));
                        count++;
                    }
                }
            }
        }
        assertThat(count).isGreaterThan(n / 4);
        return sum / count;
    }

    static double endpointError(FlowField f, FlowField gt, boolean[] use) {
        double sum = 0;
        long count = 0;
        for (int y = 0; y < gt.height(); y++) {
            for (int x = 0; x < gt.width(); x++) {
                if (use[y * gt.width() + x]) {
                    sum += Math.hypot(f.dx(x, y) - gt.dx(x, y), f.dy(x, y) - gt.dy(x, y));
                    count++;
                }
            }
        }
        return sum / count;
    }
}
