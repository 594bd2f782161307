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

    public DisFlowEstimator(String preset, double downscale) {
        super(downscale);
        this.dis = DISOpticalFlow.create(presetCode(preset));
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

    @Override
    void calc(Mat first, Mat second, Mat flow) {
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
