package io.vseg.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Image;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import io.vseg.runtime.TestData;
import io.vseg.runtime.config.PipelineConfigLoader;
import io.vseg.runtime.config.PipelineSpec;
import io.vseg.runtime.pipeline.PipelineFactory;
import io.vseg.runtime.plugin.ComponentKind;
import io.vseg.runtime.plugin.PluginRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a network's output holds (output-kind) and which variant of a model runs on a frame: the conversions to
 * logits by hand-computed values, the choice by aspect ratio, and both through configs/selfie.conf on the real
 * model.
 */
class OutputKindAndVariantTest {
    private static final ClassSet TWO = ClassSet.of("background", "person");

    @Test
    void logitsPassUnchangedAndProbabilitiesBecomeTheirLogarithms() {
        Tensor scores = Tensor.wrap(2, 1, 2, new float[] {0.2f, 0.9f, 0.8f, 0.1f});
        assertThat(OutputKind.LOGITS.toLogits(scores)).isSameAs(scores);
        Tensor logits = OutputKind.PROBABILITIES.toLogits(scores);
        assertThat(logits.get(0, 0, 0)).isCloseTo((float) Math.log(0.2), within(1e-6f));
        assertThat(logits.get(1, 0, 1)).isCloseTo((float) Math.log(0.1), within(1e-6f));
        // Softmax of the logarithms gives the probabilities back; argmax is unchanged.
        Tensor back = Tensors.softmax(logits);
        assertThat(back.get(1, 0, 0)).isCloseTo(0.8f, within(1e-6f));
        assertThat(Tensors.argmax(logits, 1, 2)).containsExactly(1, 0);
        // A zero probability is clamped, not -infinity.
        assertThat(OutputKind.PROBABILITIES.toLogits(Tensor.wrap(2, 1, 1, new float[] {0, 1})).get(0, 0, 0))
                .isFinite().isLessThan(-13f);
    }

    @Test
    void aForegroundProbabilityBecomesTwoClassLogitsWhoseSoftmaxIsIt() {
        Tensor p = Tensor.wrap(1, 1, 4, new float[] {0.0f, 0.3f, 0.5f, 1.0f});
        Tensor logits = OutputKind.FOREGROUND.toLogits(p);
        assertThat(logits.channels()).isEqualTo(2);
        assertThat(logits.get(0, 0, 1)).isCloseTo((float) Math.log(0.7), within(1e-6f));
        assertThat(logits.get(1, 0, 1)).isCloseTo((float) Math.log(0.3), within(1e-6f));
        Tensor softmax = Tensors.softmax(logits);
        for (int x = 0; x < 4; x++) {
            assertThat(softmax.get(1, 0, x)).as("x=%d", x).isCloseTo(p.get(0, 0, x), within(1e-5f));
            assertThat(logits.get(0, 0, x)).isFinite();
            assertThat(logits.get(1, 0, x)).isFinite();
        }
        assertThat(Tensors.argmax(logits, 1, 4)).containsExactly(0, 0, 0, 1);
    }

    @Test
    void kindsAreParsedAndCheckedAgainstTheClassesByName() {
        assertThat(OutputKind.parse("output-kind", "Foreground")).isEqualTo(OutputKind.FOREGROUND);
        assertThatThrownBy(() -> OutputKind.parse("output-kind", "softmax"))
                .hasMessage("output-kind: unknown output kind 'softmax'; available: logits, probabilities, foreground");
        OutputKind.FOREGROUND.check(1, TWO);
        OutputKind.LOGITS.check(2, TWO);
        assertThatThrownBy(() -> OutputKind.FOREGROUND.check(1, ClassSet.of("a", "b", "c")))
                .hasMessageContaining("exactly 2 classes");
        assertThatThrownBy(() -> OutputKind.PROBABILITIES.check(3, TWO))
                .hasMessageContaining("3 channels").hasMessageContaining("needs 2");
    }

    @Test
    void theVariantClosestInAspectRatioRuns() {
        ModelVariant square = new ModelVariant(Path.of("square.tflite"), 256, 256);
        ModelVariant landscape = new ModelVariant(Path.of("landscape.tflite"), 256, 144);
        List<ModelVariant> both = List.of(square, landscape);
        assertThat(ModelVariant.closest(both, 854, 480)).isSameAs(landscape);
        assertThat(ModelVariant.closest(both, 1920, 1080)).isSameAs(landscape);
        assertThat(ModelVariant.closest(both, 480, 480)).isSameAs(square);
        // Portrait frames are further from landscape than from square (on a log scale).
        assertThat(ModelVariant.closest(both, 480, 854)).isSameAs(square);
        // 4:3 lies halfway on a log scale (16:9 is (4:3)^2): the first variant listed, the square one, runs, as
        // the README says of the teacher on 4:3 videos.
        assertThat(ModelVariant.closest(both, 640, 480)).isSameAs(square);
        assertThat(ModelVariant.closest(both, 720, 540)).isSameAs(square);
        assertThat(ModelVariant.closest(List.of(landscape), 480, 480)).isSameAs(landscape);
        assertThatThrownBy(() -> new ModelVariant(Path.of("x"), 0, 10)).hasMessageContaining("positive");
    }

    @Test
    void theSelfieConfigRunsTheLandscapeModelOnWideFramesAndTheSquareOneOnOthers() {
        Path models = TestData.model("selfie_segmentation_landscape.tflite").getParent();
        PipelineSpec spec = new PipelineConfigLoader(PluginRegistry.discover(null)).load(Path.of("../configs/selfie.conf"),
                ConfigFactory.empty().withValue("vseg.models", ConfigValueFactory.fromAnyRef(models.toString())));
        try (FeatureExtractor x = new PipelineFactory().component(spec, ComponentKind.EXTRACTOR, FeatureExtractor.class)) {
            assertThat(x.classes().names()).containsExactly("background", "person");
            Tensor wide = x.extract(noise(854, 480), Set.of(Features.LOGITS), Features.empty()).logits();
            Tensor fourThree = x.extract(noise(640, 480), Set.of(Features.LOGITS), Features.empty()).logits();
            // The models' outputs at their own input sizes, as two-class logits from one foreground channel.
            assertThat(List.of(wide.channels(), wide.height(), wide.width())).containsExactly(2, 144, 256);
            assertThat(List.of(fourThree.channels(), fourThree.height(), fourThree.width())).containsExactly(2, 256, 256);
            Tensor p = Tensors.softmax(wide);
            for (int i = 0; i < 144 * 256; i += 97) {
                float background = p.get(0, i / 256, i % 256);
                float person = p.get(1, i / 256, i % 256);
                assertThat(background + person).isCloseTo(1f, within(1e-5f));
            }
        }
    }

    private static Image noise(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        new Random(w * 31L + h).nextBytes(rgb);
        return Image.wrap(w, h, rgb);
    }
}
