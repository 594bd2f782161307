package io.vseg.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.vseg.api.Features;
import io.vseg.api.Image;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.api.tensor.Tensor;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The fixture in src/test/resources/onnx (made by GenerateStagedFixture.java there, fixed seed) is one small
 * network saved twice: as one file with every stage an output, and as one file per stage.
 */
class StagedOnnxTest {
    private static final Path FIXTURE = Path.of("src/test/resources/onnx").toAbsolutePath();
    private static final ComponentContext CONTEXT = new ComponentContext() {
        @Override
        public Path resolve(String path) {
            return FIXTURE.resolve(path);
        }

        @Override
        public int threads() {
            return 1;
        }

        @Override
        public String configPath() {
            return "test";
        }
    };

    private static FeatureExtractor staged() {
        return new OnnxExtractor.Factory().create(ConfigFactory.parseString("""
                stages = [
                  { name = stage1, model = staged-stage1.onnx }
                  { name = stage2, model = staged-stage2.onnx }
                  { name = logits, model = staged-logits.onnx }
                ]
                """).withFallback(defaults()), CONTEXT);
    }

    private static FeatureExtractor whole() {
        return new OnnxExtractor.Factory().create(ConfigFactory.parseString("""
                model = staged-full.onnx
                outputs { stage1 = stage1, stage2 = stage2 }
                """).withFallback(defaults()), CONTEXT);
    }

    private static com.typesafe.config.Config defaults() {
        return ConfigFactory.parseString("""
                model = "", stages = [], outputs {}, input-width = 32, input-height = 32,
                channel-order = rgb, resize = bytes,
                scale = 0.00392156862745098, mean = [127.5, 127.5, 127.5], std = [0.25, 0.25, 0.25],
                output-kind = logits, classes = [background, person]
                """);
    }

    private static Image image(long seed) {
        byte[] rgb = new byte[48 * 40 * 3];
        new Random(seed).nextBytes(rgb);
        return Image.wrap(48, 40, rgb);
    }

    @Test
    void stageByStageGivesTheSameLogitsAsTheOneFileNetwork() {
        try (FeatureExtractor staged = staged(); FeatureExtractor whole = whole()) {
            assertThat(staged.stages()).containsExactly("stage1", "stage2", "logits");
            assertThat(whole.stages()).containsExactly("stage1", "stage2", "logits");
            Image img = image(1);
            Features s = staged.extract(img, Set.of("stage1", "stage2", "logits"), Features.empty());
            Features w = whole.extract(img, Set.of("stage1", "stage2", "logits"), Features.empty());
            for (String stage : staged.stages()) {
                assertThat(maxAbsDiff(s.tensor(stage), w.tensor(stage))).as(stage).isLessThan(1e-5f);
            }
            assertThat(s.logits().channels()).isEqualTo(2);
            assertThat(s.logits().height()).isEqualTo(8);
            assertThat(s.stage("stage1").stride()).isEqualTo(3.0);
        }
    }

    @Test
    void cachedStagesFeedTheLaterOnesInsteadOfTheImage() {
        try (FeatureExtractor staged = staged()) {
            Features first = staged.extract(image(1), Set.of("stage1", "stage2", "logits"), Features.empty());
            // Another image, but stage1 and stage2 taken from the first: the head reproduces the first's logits.
            Features head = staged.extract(image(2), Set.of("logits"), first.only(Set.of("stage1", "stage2")));
            assertThat(maxAbsDiff(head.logits(), first.logits())).isLessThan(1e-6f);
            assertThat(head.names()).containsExactly("logits");
            Features fresh = staged.extract(image(2), Set.of("logits"), Features.empty());
            assertThat(maxAbsDiff(fresh.logits(), first.logits())).isGreaterThan(1e-3f);
        }
    }

    @Test
    void settingsTheNetworkCannotRunAreSaidAtStartNamingTheKey() {
        assertThatThrownBy(() -> whole("input-width = 0"))
                .hasMessage("input-width: must be 1 to 8192 pixels, got 0");
        assertThatThrownBy(() -> whole("input-height = 100000"))
                .hasMessage("input-height: must be 1 to 8192 pixels, got 100000");
        // the fixture takes 32x32 images; ONNX Runtime itself would say so only at the first frame
        assertThatThrownBy(() -> whole("input-width = 31"))
                .hasMessage("input-width, input-height: 31x32, but staged-full.onnx takes images of 32x32 (input 'image')");
        assertThatThrownBy(() -> staged("input-height = 64"))
                .hasMessageStartingWith("input-width, input-height: 32x64, but staged-stage1.onnx takes images of 32x32");
        // its logits have two channels
        assertThatThrownBy(() -> whole("classes = [a, b, c]"))
                .hasMessage("classes, output-kind: the model's output has 2 channels but logits with classes [a, b, c] "
                        + "needs 3");
        assertThatThrownBy(() -> staged("output-kind = foreground"))
                .hasMessageStartingWith("classes, output-kind: the model's output has 2 channels but foreground");
        assertThatThrownBy(() -> whole("classes = []"))
                .hasMessage("classes: a class set needs at least one class");
    }

    @Test
    void aStageFileThatIsNoModelIsNamedByItsKey(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path broken = java.nio.file.Files.writeString(dir.resolve("stage2.onnx"), "cut short");
        assertThatThrownBy(() -> new OnnxExtractor.Factory().create(ConfigFactory.parseString("""
                stages = [
                  { name = stage1, model = staged-stage1.onnx }
                  { name = stage2, model = "%s" }
                  { name = logits, model = staged-logits.onnx }
                ]
                """.formatted(broken)).withFallback(defaults()), CONTEXT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("stages.1.model: ONNX Runtime could not load " + broken + ": ")
                .message().doesNotContain("\n");
    }

    private static FeatureExtractor whole(String settings) {
        return new OnnxExtractor.Factory().create(ConfigFactory.parseString(settings + "\nmodel = staged-full.onnx\n")
                .withFallback(defaults()), CONTEXT);
    }

    private static FeatureExtractor staged(String settings) {
        return new OnnxExtractor.Factory().create(ConfigFactory.parseString(settings + """

                stages = [
                  { name = stage1, model = staged-stage1.onnx }
                  { name = stage2, model = staged-stage2.onnx }
                  { name = logits, model = staged-logits.onnx }
                ]
                """).withFallback(defaults()), CONTEXT);
    }

    private static float maxAbsDiff(Tensor a, Tensor b) {
        assertThat(a.shape()).isEqualTo(b.shape());
        float[] x = a.toArray();
        float[] y = b.toArray();
        float m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i] - y[i]));
        }
        return m;
    }
}
