package io.vseg.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import io.vseg.api.Image;
import io.vseg.runtime.opencv.Mats;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

class PreprocessingTest {
    // ESPNet's Cityscapes normalisation, in its B, G, R order (../shared/models/espnet-cityscapes/README.md).
    private static final float[] MEAN = {72.3923111f, 82.90893555f, 73.15840149f};
    private static final float[] STD = {45.3192215f, 46.15289307f, 44.91483307f};

    private static Image randomImage(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        new Random(3).nextBytes(rgb);
        return Image.wrap(w, h, rgb);
    }

    @Test
    void aBgrModelWithPerChannelStdGetsOpenCvsBlobDividedByTheStd() {
        Image image = randomImage(37, 23);
        int w = 64;
        int h = 32;
        float[] ours = new Preprocessing(true, false, MEAN, STD, 1 / 255f).chw(image, w, h);

        float[] expected;
        try (PointerScope scope = new PointerScope()) {
            Mat resized = new Mat();
            opencv_imgproc.resize(Mats.rgb(image), resized, new Size(w, h), 0, 0, opencv_imgproc.INTER_LINEAR);
            // The frame is R, G, B; swapRB makes the blob B, G, R, and the mean is given in the blob's order.
            Mat blob = opencv_dnn.blobFromImage(resized, 1 / 255.0, new Size(w, h),
                    new Scalar(MEAN[0], MEAN[1], MEAN[2], 0), true, false, opencv_core.CV_32F);
            expected = Mats.floats(blob);
        }
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < w * h; p++) {
                expected[c * w * h + p] /= STD[c];
            }
        }
        assertThat(ours).containsExactly(expected);
    }

    @Test
    void resizingTheValuesInsteadOfTheBytesSkipsTheRounding() {
        Image image = randomImage(61, 29);
        Preprocessing bytes = new Preprocessing(false, false, new float[3], new float[] {1, 1, 1}, 1);
        Preprocessing floats = new Preprocessing(false, true, new float[3], new float[] {1, 1, 1}, 1);
        float[] a = bytes.chw(image, 40, 20);
        float[] b = floats.chw(image, 40, 20);
        boolean anyFraction = false;
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).isEqualTo(Math.round(a[i])); // 8-bit values
            // OpenCV resizes 8-bit images in fixed point: within one grey level of the exact values.
            assertThat(b[i]).isCloseTo(a[i], within(1f));
            anyFraction |= b[i] != Math.round(b[i]);
        }
        assertThat(anyFraction).isTrue();
    }

    @Test
    void theKeysAreCheckedAndNamed() {
        String base = "mean = [0, 0, 0], std = [1, 1, 1], scale = 1, resize = bytes, channel-order = ";
        assertThat(Preprocessing.of(ConfigFactory.parseString(base + "BGR")).bgr()).isTrue();
        assertThatThrownBy(() -> Preprocessing.of(ConfigFactory.parseString(base + "rbg")))
                .hasMessageStartingWith("channel-order:");
        assertThatThrownBy(() -> Preprocessing.of(ConfigFactory.parseString(
                "mean = [0, 0], std = [1, 1, 1], scale = 1, resize = bytes, channel-order = rgb")))
                .hasMessageStartingWith("mean:");
        assertThatThrownBy(() -> Preprocessing.of(ConfigFactory.parseString(
                "mean = [0, 0, 0], std = [1, 0, 1], scale = 1, resize = bytes, channel-order = rgb")))
                .hasMessageStartingWith("std:");
    }
}
