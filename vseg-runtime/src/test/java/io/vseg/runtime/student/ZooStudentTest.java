package io.vseg.runtime.student;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.vseg.api.Features;
import io.vseg.api.FrameResult;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.runtime.TestData;
import io.vseg.runtime.config.PipelineConfigLoader;
import io.vseg.runtime.config.PipelineSpec;
import io.vseg.runtime.eval.MaskIou;
import io.vseg.runtime.pipeline.Pipeline;
import io.vseg.runtime.pipeline.PipelineFactory;
import io.vseg.runtime.pipeline.SequenceRunner;
import io.vseg.runtime.plugin.ComponentKind;
import io.vseg.runtime.plugin.PluginRegistry;
import io.vseg.runtime.video.Davis;
import io.vseg.runtime.video.ImageFolderSource;
import io.vseg.runtime.video.LabelPngs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The person student that vseg trained and ships in zoo/student-person, through configs/student.conf. */
class ZooStudentTest {
    private static final Path ZOO = Path.of("../zoo").toAbsolutePath().normalize();
    private static final Path MODEL = ZOO.resolve("student-person");
    /**
     * Person IoU on dance-twirl, held out from training: 0.430 measured (zoo/student-person/README.md), against
     * the teacher's 0.635. A regression floor for the shipped model, not a target: the student trained on ten
     * scenes does not yet generalize to unseen ones as its teacher does.
     */
    private static final double DANCE_TWIRL_FLOOR = 0.40;

    private static PipelineSpec spec() {
        PluginRegistry registry = PluginRegistry.discover(null);
        return new PipelineConfigLoader(registry).load(Path.of("../configs/student.conf"),
                ConfigFactory.empty().withValue("vseg.zoo", ConfigValueFactory.fromAnyRef(ZOO.toString())));
    }

    @Test
    void theCardDescribesTheParameterFile() throws Exception {
        Config card = ConfigFactory.parseFile(MODEL.resolve(StudentModel.CARD).toFile());
        Path params = MODEL.resolve(card.getString("parameters"));
        assertThat(params).isRegularFile();
        long bytes;
        try (Stream<Path> files = Files.list(MODEL)) {
            bytes = files.mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(bytes).as("zoo models stay small").isLessThanOrEqualTo(5L * 1024 * 1024);
        try (StudentModel model = StudentModel.load(MODEL)) {
            StudentArchitecture arch = model.net().architecture();
            List<? extends Config> stages = card.getConfigList("stages");
            assertThat(stages).hasSize(arch.stages().size());
            for (int i = 0; i < stages.size(); i++) {
                StudentArchitecture.Stage s = arch.stages().get(i);
                assertThat(stages.get(i).getString("name")).isEqualTo(s.name());
                assertThat(stages.get(i).getInt("stride")).isEqualTo(s.stride());
                assertThat(stages.get(i).getInt("channels")).isEqualTo(s.channels());
                assertThat(stages.get(i).getStringList("inputs")).isEqualTo(s.inputs());
            }
            assertThat(model.classes().names()).isEqualTo(card.getStringList("classes"));
            long parameters = model.model().getBlock().getParameters().values().stream()
                    .mapToLong(p -> p.getArray().size()).sum();
            assertThat(params.toFile().length()).as("the file holds this architecture's parameters")
                    .isGreaterThan(parameters * 4).isLessThan(parameters * 4 + 64 * 1024);
        }
    }

    @Test
    void itLoadsThroughTheStudentConfigAndRunsEveryStage() {
        PipelineSpec spec = spec();
        try (FeatureExtractor x = new PipelineFactory().component(spec, ComponentKind.EXTRACTOR, FeatureExtractor.class)) {
            assertThat(x.stages()).containsExactly("stage1", "stage2", "scores2", "stage3", "logits");
            Features f = x.extract(StudentFixtures.frame(0), Set.copyOf(x.stages()), Features.empty());
            // a 128x96 frame runs at 256x192: logits at stride 4, stage3 at 16
            assertThat(f.tensor(Features.LOGITS).width()).isEqualTo(64);
            assertThat(f.tensor("stage3").height()).isEqualTo(12);
            assertThat(f.tensor("scores2").channels()).isEqualTo(2);
        }
    }

    @Test
    void personMaskOnHeldOutDanceTwirl() throws Exception {
        Path davis = TestData.davis();
        List<Double> ious = new ArrayList<>();
        Path annotations = Davis.annotations(davis, "dance-twirl");
        try (Pipeline pipeline = new PipelineFactory().create(spec());
             ImageFolderSource source = new ImageFolderSource(Davis.images(davis, "dance-twirl"))) {
            SequenceRunner.run(pipeline, source, (frame, result, name) ->
                    ious.add(iou(result, annotations.resolve(name + ".png"))), 0, null);
        }
        double mean = ious.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        System.out.printf(Locale.ROOT, "student on dance-twirl: mean IoU %.3f over %d frames%n", mean, ious.size());
        assertThat(ious).hasSize(90);
        assertThat(mean).isGreaterThanOrEqualTo(DANCE_TWIRL_FLOOR);
    }

    private static double iou(FrameResult result, Path annotation) throws java.io.IOException {
        return MaskIou.of(LabelPngs.read(annotation).values(), result.segmentation().labels(), 1);
    }
}
