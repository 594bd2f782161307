package io.vseg.runtime.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.vseg.api.Image;
import io.vseg.api.tensor.FlowField;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grey image an estimator keeps from one call to the next changes no flow. */
class OpenCvFlowTest {
    /** A textured frame shifted right by {@code shift} pixels. */
    private static Image frame(int shift) {
        return frame(shift, 160, 96);
    }

    private static Image frame(int shift, int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int u = x - shift;
                int v = (int) (128 + 60 * Math.sin(u * 0.21) + 50 * Math.cos(y * 0.17 + u * 0.05));
                int p = (y * w + x) * 3;
                rgb[p] = (byte) v;
                rgb[p + 1] = (byte) (255 - v);
                rgb[p + 2] = (byte) ((v * 3) & 0xFF);
            }
        }
        return Image.wrap(w, h, rgb);
    }

    @Test
    void aChainOfFrameToFrameCallsGivesTheFlowOfFreshEstimators() {
        List<Image> frames = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            frames.add(frame(3 * i));
        }
        for (String kind : List.of("dis", "farneback")) {
            try (OpenCvFlow chained = estimator(kind)) {
                for (int t = 1; t < frames.size(); t++) {
                    FlowField kept = chained.estimate(frames.get(t), frames.get(t - 1));
                    // Also a call whose source is not the last target (a key frame further back).
                    FlowField key = chained.estimate(frames.get(t), frames.get(0));
                    try (OpenCvFlow fresh = estimator(kind); OpenCvFlow fresh2 = estimator(kind)) {
                        assertThat(kept.tensor().toArray()).as("%s frame %d", kind, t)
                                .containsExactly(fresh.estimate(frames.get(t), frames.get(t - 1)).tensor().toArray());
                        assertThat(key.tensor().toArray()).as("%s frame %d to 0", kind, t)
                                .containsExactly(fresh2.estimate(frames.get(t), frames.get(0)).tensor().toArray());
                    }
                }
                // The motion is there: 3 px to the right a frame, so backward flow near -3 (at downscale 2: -1.5).
                FlowField f = chained.estimate(frames.get(2), frames.get(1));
                assertThat(mean(f.tensor().channel(0))).isBetween(-2.0, -1.0);
            }
        }
    }

    @Test
    void framesTooSmallForDisAreSaidInOneLine() {
        // OpenCV's own message is an assertion of several lines
        Image small = Image.wrap(22, 20, new byte[22 * 20 * 3]);
        try (OpenCvFlow dis = new DisFlowEstimator("fast", 2)) {
            assertThatThrownBy(() -> dis.estimate(small, small)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("frames of 11x10 after downscaling are too small for DIS flow, whose patches are 8 pixels");
        }
    }

    @Test
    void wideShortFramesGetTheirFlowAndLeaveNoTraceOnLaterFrames() {
        // On frames this short for their width, OpenCV picked its pyramid from the width alone: at 400x8 a level of
        // no rows (an assertion), at 100x8 levels shorter than a patch (now and then, a crash of the process)
        Image wide = frame(0, 400, 8);
        Image wider = frame(3, 400, 8);
        try (OpenCvFlow dis = new DisFlowEstimator("fast", 1); OpenCvFlow fresh = new DisFlowEstimator("fast", 1)) {
            FlowField f = dis.estimate(wider, wide);
            assertThat(f.width()).isEqualTo(400);
            assertThat(f.height()).isEqualTo(8);
            // OpenCV kept the levels it picked for the frames after: a frame's flow depended on the frames before
            assertThat(dis.estimate(frame(3), frame(0)).tensor().toArray())
                    .containsExactly(fresh.estimate(frame(3), frame(0)).tensor().toArray());
        }
    }

    private static OpenCvFlow estimator(String kind) {
        return kind.equals("dis") ? new DisFlowEstimator("medium", 2)
                : new FarnebackFlowEstimator(ConfigFactory.parseString("downscale = 2")
                        .withFallback(ConfigFactory.defaultReference().getConfig("vseg.components.opencv-farneback")));
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }
}
