package io.vseg.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Image;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.api.tensor.Tensor;
import io.vseg.learn.Djl;
import io.vseg.runtime.pipeline.PipelineFactory;
import io.vseg.student.PretrainedWeights;
import io.vseg.student.StudentArchitecture;
import io.vseg.student.StudentModel;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A saved mobile student's per-stage ONNX files, run by ONNX Runtime through the runtime's staged onnx extractor,
 * compute what the student plugin's djl extractor computes: every stage on the same frame, and the head on cached
 * stages.
 */
class StudentOnnxTest {
    @TempDir
    static Path dir;
    private static Path folder;

    @BeforeAll
    static void saveAStudentStartedFromTheSelfieModel() throws Exception {
        Djl.configure(1);
        folder = dir.resolve("model");
        try (StudentModel m = StudentModel.create(StudentArchitecture.mobile(2),
                ClassSet.of("background", "person"), 64, 48)) {
            m.initialize();
            // realistic magnitudes, and a classifier that is not all zero
            PretrainedWeights.load(Fixtures.models().resolve("selfie_segmentation_landscape.tflite"), m.net());
            m.save(folder, Map.of("note", "started, not trained"));
        }
    }

    private static FeatureExtractor extractor(String name, String config) {
        return (FeatureExtractor) Fixtures.REGISTRY.find(name).orElseThrow().factory()
                .create(ConfigFactory.parseString(config), PipelineFactory.context("test", 1));
    }

    private static FeatureExtractor djl() {
        return extractor("djl", "model = \"" + folder + "\", input-width = 0, threads = 1");
    }

    private static FeatureExtractor onnx() {
        String stages = StudentArchitecture.mobile(2).stages().stream()
                .map(s -> "{ name = " + s.name() + ", model = \"" + folder.resolve("onnx/" + s.name() + ".onnx") + "\" }")
                .collect(Collectors.joining(", "));
        return extractor("onnx", "model = \"\", stages = [" + stages + "], outputs {}, input-width = 64, "
                + "input-height = 48, channel-order = rgb, resize = bytes, scale = " + (1 / 255.0)
                + ", mean = [0, 0, 0], std = [1, 1, 1], "
                + "output-kind = logits, classes = [background, person]");
    }

    @Test
    void everyStageMatchesDjl() {
        Image image = Fixtures.noise(128, 96, 5);
        try (FeatureExtractor d = djl(); FeatureExtractor o = onnx()) {
            assertThat(o.stages()).isEqualTo(d.stages());
            Features a = d.extract(image, Set.copyOf(d.stages()), Features.empty());
            Features b = o.extract(image, Set.copyOf(o.stages()), Features.empty());
            for (String s : d.stages()) {
                assertClose(b.tensor(s), a.tensor(s), s);
                assertThat(b.stage(s).stride()).as(s + " stride").isEqualTo(a.stage(s).stride());
            }
            // the head alone on stages cached from DJL
            Features cached = Features.empty();
            for (String s : d.stages()) {
                if (!s.equals(Features.LOGITS)) {
                    cached = cached.with(s, a.tensor(s), a.stage(s).stride());
                }
            }
            Features head = o.extract(image, Set.of(Features.LOGITS), cached);
            assertClose(head.tensor(Features.LOGITS), a.tensor(Features.LOGITS), "logits on cached stages");
        }
    }

    private static void assertClose(Tensor actual, Tensor expected, String what) {
        double scale = 0;
        FloatBuffer values = expected.buffer();
        for (int i = 0; i < values.limit(); i++) {
            scale = Math.max(scale, Math.abs(values.get(i)));
        }
        assertThat(scale).as(what + " is not all zero").isGreaterThan(1e-3);
        assertThat(Fixtures.maxAbsDiff(actual, expected) / scale).as(what + ": largest difference over largest value")
                .isLessThan(1e-4);
    }
}
