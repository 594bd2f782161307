package io.vseg.runtime.flow;

import com.typesafe.config.Config;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.FlowEstimator;
import io.vseg.api.spi.FlowEstimatorFactory;
import org.bytedeco.opencv.global.opencv_video;
import org.bytedeco.opencv.opencv_core.Mat;

/** OpenCV's Farneback dense optical flow (polynomial expansion, Farneback 2003). */
public final class FarnebackFlowEstimator extends OpenCvFlow {
    public static final String NAME = "opencv-farneback";

    private final double pyrScale;
    private final int levels;
    private final int window;
    private final int iterations;
    private final int polyN;
    private final double polySigma;

    FarnebackFlowEstimator(Config c) {
        super(c.getDouble("downscale"));
        this.pyrScale = c.getDouble("pyr-scale");
        this.levels = c.getInt("levels");
        this.window = c.getInt("window");
        this.iterations = c.getInt("iterations");
        this.polyN = c.getInt("poly-n");
        this.polySigma = c.getDouble("poly-sigma");
        if (!(pyrScale > 0 && pyrScale < 1)) {
            throw new IllegalArgumentException("pyr-scale: must be in (0, 1), got " + pyrScale);
        }
    }

    @Override
    void calc(Mat first, Mat second, Mat flow) {
        opencv_video.calcOpticalFlowFarneback(first, second, flow, pyrScale, levels, window, iterations, polyN,
                polySigma, 0);
    }

    /** Its factory. */
    public static final class Factory implements FlowEstimatorFactory {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "OpenCV Farneback dense optical flow";
        }

        @Override
        public FlowEstimator create(Config config, ComponentContext context) {
            return new FarnebackFlowEstimator(config);
        }
    }
}
