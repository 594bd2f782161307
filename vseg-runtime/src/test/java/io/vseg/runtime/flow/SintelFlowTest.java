package io.vseg.runtime.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

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
import org.junit.jupiter.params.provider.CsvSource;
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

    /**
     * OpenCV DIS (preset medium, full size) against the ground truth, over the valid pixels. ../shared/data/README.md
     * states the reference EPE of DIS (measured outside the project, clean pass): alley_1 0.34, cave_2 1.65, market_5
     * 21.4, and of zero flow 2.98, 15.12, 32.0. The estimate must be within 20% of the stated EPE; zero flow, a
     * property of the data and of the EPE code alone, within 1%. Measured 0.342, 1.593 and 23.17 (zero flow 2.982,
     * 15.124, 31.974).
     */
    @ParameterizedTest
    @CsvSource({"alley_1, 0.34, 2.98", "cave_2, 1.65, 15.12", "market_5, 21.4, 32.0"})
    void disFlowHasTheEndpointErrorTheDataReadmeStates(String name, double statedEpe, double statedZero)
            throws IOException {
        Path scene = Sintel.scene(TestData.sintel(), name);
        FlowField gt = Sintel.flo(scene.resolve("gt/frame_0002.flo"));
        boolean[] valid = invert(Sintel.mask(scene.resolve("gt/invalid/frame_0002.png")));

        try (DisFlowEstimator dis = new DisFlowEstimator("medium", 1)) {
            double epe = endpointError(dis.estimate(Sintel.frame(scene, 2), Sintel.frame(scene, 3)), gt, valid);
            double zero = endpointError(FlowField.zero(gt.width(), gt.height()), gt, valid);
            System.out.printf(Locale.ROOT, "sintel %s: EPE opencv-dis(medium) %.3f (stated %.2f), zero flow %.3f "
                    + "(stated %.2f)%n", name, epe, statedEpe, zero, statedZero);
            assertThat(zero).isCloseTo(statedZero, within(0.01 * statedZero));
            assertThat(epe).isLessThan(1.2 * statedEpe);
        }
    }

    /**
     * OpenCV Farneback with the runtime's defaults (opencv-farneback in reference.conf), full size. No figure is
     * stated for it; the measured EPE is in the source (0.933, 3.899, 24.94) and the estimate must stay within 20%
     * of it (DIS medium is ahead of it on all three).
     */
    @ParameterizedTest
    @CsvSource({"alley_1, 0.933", "cave_2, 3.899", "market_5, 24.94"})
    void farnebackFlowHasTheEndpointErrorMeasuredForIt(String name, double measured) throws IOException {
        Path scene = Sintel.scene(TestData.sintel(), name);
        FlowField gt = Sintel.flo(scene.resolve("gt/frame_0002.flo"));
        boolean[] valid = invert(Sintel.mask(scene.resolve("gt/invalid/frame_0002.png")));
        Config defaults = ConfigFactory.defaultReference().getConfig("vseg.components.opencv-farneback");
        try (FarnebackFlowEstimator farneback = new FarnebackFlowEstimator(defaults)) {
            double epe = endpointError(farneback.estimate(Sintel.frame(scene, 2), Sintel.frame(scene, 3)), gt, valid);
            double zero = endpointError(FlowField.zero(gt.width(), gt.height()), gt, valid);
            System.out.printf(Locale.ROOT, "sintel %s: EPE opencv-farneback %.3f (measured before %.3f), zero flow "
                    + "%.3f%n", name, epe, measured, zero);
            assertThat(epe).isLessThan(1.2 * measured).isLessThan(zero);
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
