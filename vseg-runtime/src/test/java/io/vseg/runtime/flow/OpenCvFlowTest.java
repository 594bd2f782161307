package io.vseg.runtime.flow;

import static org.assertj.core.api.Assertions.assertThat;

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
        int w = 160;
        int h = 96;
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
