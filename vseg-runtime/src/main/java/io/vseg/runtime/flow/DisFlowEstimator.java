package io.vseg.runtime.flow;

import com.typesafe.config.Config;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.FlowEstimator;
import io.vseg.api.spi.FlowEstimatorFactory;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_video.DISOpticalFlow;

/** OpenCV's DIS optical flow (Kroeger et al., ECCV 2016): fast dense flow, presets ultrafast/fast/medium. */
public final class DisFlowEstimator extends OpenCvFlow {
    public static final String NAME = "opencv-dis";

    private final DISOpticalFlow dis;
    /** The preset's finest pyramid level. */
    private final int finest;

    public DisFlowEstimator(String preset, double downscale) {
        super(downscale);
        this.dis = DISOpticalFlow.create(presetCode(preset));
        this.finest = dis.getFinestScale();
    }

    private static int presetCode(String preset) {
        return switch (preset.toLowerCase(Locale.ROOT)) {
            case "ultrafast" -> DISOpticalFlow.PRESET_ULTRAFAST;
            case "fast" -> DISOpticalFlow.PRESET_FAST;
            case "medium" -> DISOpticalFlow.PRESET_MEDIUM;
            default -> throw new IllegalArgumentException(
                    "preset: unknown DIS preset '" + preset + "'; available: ultrafast, fast, medium");
        };
    }

    /**
     * DIS works on an image pyramid whose coarsest level it picks from the frame's size, as below. Where that level is
     * finer than the preset's finest (small frames), OpenCV 4.13 picks the levels again from the width alone, deeper
     * than a short frame's height allows, and crashes the process now and then (a frame of 100x8, after
     * downscaling): so the finest level is lowered to the coarsest here instead, for this call. Frames too small
     * for any level are an error; OpenCV's own message for them is an assertion of several lines.
     */
    @Override
    void calc(Mat first, Mat second, Mat flow) {
        int patch = dis.getPatchSize();
        int longer = Math.max(first.cols(), first.rows());
        int shorter = Math.min(first.cols(), first.rows());
        // OpenCV's formula, in C++'s integer arithmetic: the search reaches a quarter of the frame; the coarsest
        // level still holds a patch
        int coarsest = Math.min((int) (Math.log(longer / (4.0 * patch)) / Math.log(2.0) + 0.5),
                (int) (Math.log(shorter / patch) / Math.log(2.0)));
        if (coarsest < 0) {
            throw new IllegalArgumentException("frames of " + first.cols() + "x" + first.rows() + " after downscaling "
                    + "are too small for DIS flow, whose patches are " + patch + " pixels");
        }
        dis.setFinestScale(Math.min(finest, coarsest));
        dis.calc(first, second, flow);
    }

    @Override
    public void close() {
        super.close();
        dis.close();
    }

    /** Its factory. */
    public static final class Factory implements FlowEstimatorFactory {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "OpenCV DIS dense optical flow (presets ultrafast, fast, medium; optional downscale)";
        }

        @Override
        public FlowEstimator create(Config config, ComponentContext context) {
            return new DisFlowEstimator(config.getString("preset"), config.getDouble("downscale"));
        }
    }
}
