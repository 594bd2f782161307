package io.vseg.student;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.vseg.learn.Djl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_dnn.Net;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mobile layout, started from the bundled selfie model, computes what that model computes: its stage and
 * head outputs against OpenCV DNN's outputs of the same layers of the source network, on the same input.
 */
class PretrainedWeightsTest {
    private static final int W = 256;
    private static final int H = 144;

    @Test
    void theStudentStartedFromTheSelfieModelIsThatModel() {
        Path tflite = StudentFixtures.model("selfie_segmentation_landscape.tflite");
        Djl.configure(2);
        float[] image = image();
        try (StudentModel m = StudentModel.create(StudentArchitecture.mobile(2), StudentFixtures.CLASSES, W, H);
             Net source = OpenCv.readNet(tflite)) {
            m.initialize();
            // 54 convolutions and the transposed one
            assertThat(PretrainedWeights.load(tflite, m.net())).isEqualTo(55);

            ParameterStore ps = new ParameterStore(m.manager(), false);
            NDArray in = m.manager().create(image, new Shape(1, 3, H, W));
            Map<String, NDArray> out = m.net().stages(ps, in, false);
            NDArray head = m.net().fused(ps, List.of(out.get("stem"), out.get("stage1"), out.get("stage2"),
                    out.get("stage3")), false);
            // softmax([l0, l1]) = sigmoid(l1 - l0): the source's logit before its sigmoid
            NDArray logits = out.get("logits");
            NDArray z = logits.get(":, 1:2").sub(logits.get(":, 0:1"));

            Mat blob = new Mat(new int[] {1, 3, H, W}, opencv_core.CV_32F);
            new FloatPointer(blob.data()).put(image);
            source.setInput(blob);
            // The last layer of each stage in the source network: stride 2, 4, 8 and 16; its decoder at 2; its
            // transposed convolution, at full resolution.
            assertClose(out.get("stem"), source.forward("h_swish"), "stem");
            assertClose(out.get("stage1"), source.forward("conv2d_4"), "stage1");
            assertClose(out.get("stage2"), source.forward("add__xeno_compat__1"), "stage2");
            assertClose(out.get("stage3"), source.forward("multiply_6"), "stage3");
            assertClose(head, source.forward("add_13__xeno_compat__1"), "the head before its classifier");
            assertClose(z, source.forward("conv2d_transpose"), "logits, class 1 over class 0");
        }
    }

    @Test
    void theStartIsRefusedForThePlainLayoutAndNamesAMissingOrUnreadableFile(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.tflite"), "not a flatbuffer");
        try (StudentModel plain = StudentModel.create(StudentFixtures.tiny(), StudentFixtures.CLASSES, 64, 48);
             StudentModel mobile = StudentModel.create(StudentArchitecture.mobile(2), StudentFixtures.CLASSES,
                     64, 48)) {
            plain.initialize();
            mobile.initialize();
            assertThatThrownBy(() -> PretrainedWeights.load(Path.of("x.tflite"), plain.net()))
                    .hasMessageContaining("layout = mobile");
            assertThatThrownBy(() -> PretrainedWeights.load(Path.of("missing/selfie.tflite"), mobile.net()))
                    .hasMessageStartingWith("init: missing/selfie.tflite");
            assertThatThrownBy(() -> PretrainedWeights.load(garbage, mobile.net()))
                    .hasMessageStartingWith("init: " + garbage + ": OpenCV DNN cannot read it");
        }
    }

    @Test
    void theMobileLayoutHasFixedWidths() {
        assertThatThrownBy(() -> new StudentArchitecture(StudentArchitecture.Layout.MOBILE, 16, 32, 128, 4, 16, 2))
                .hasMessageContaining("fixed widths");
        assertThatThrownBy(() -> new StudentArchitecture(StudentArchitecture.Layout.MOBILE, 16, 24, 128, 4, 32, 2))
                .hasMessageContaining("head 32");
    }

    /** A smooth random texture in [0, 1], CHW. */
    private static float[] image() {
        Random r = new Random(7);
        float[] v = new float[3 * H * W];
        double[] f = {r.nextDouble() * 0.2, r.nextDouble() * 0.2, r.nextDouble() * 0.2};
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    double s = 0.5 + 0.25 * Math.sin(x * f[c] + y * 0.07 * (c + 1)) + 0.25 * r.nextDouble();
                    v[(c * H + y) * W + x] = (float) s;
                }
            }
        }
        return v;
    }

    private static void assertClose(NDArray mine, Mat theirs, String stage) {
        float[] a = mine.toType(DataType.FLOAT32, false).toFloatArray();
        assertThat(theirs.total()).as(stage + " size").isEqualTo(a.length);
        float[] b = OpenCv.floats(theirs);
        double maxDiff = 0;
        double maxAbs = 0;
        for (int i = 0; i < a.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
            maxAbs = Math.max(maxAbs, Math.abs(b[i]));
        }
        assertThat(maxAbs).as(stage + " is not all zero").isGreaterThan(0.1);
        assertThat(maxDiff / maxAbs).as(stage + ": largest difference against the largest value").isLessThan(1e-3);
    }
}
