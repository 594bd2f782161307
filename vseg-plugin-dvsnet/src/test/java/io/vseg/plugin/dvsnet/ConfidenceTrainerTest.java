package io.vseg.plugin.dvsnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.Image;
import io.vseg.api.spi.Trainer;
import io.vseg.api.tensor.FlowField;
import io.vseg.api.tensor.Tensor;
import io.vseg.learn.MlpModel;
import io.vseg.testkit.FakeComponentContext;
import io.vseg.testkit.FakeTrainingClip;
import io.vseg.testkit.FakeTrainingContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer on synthetic clips whose pattern slides at 0, 1, 2 and 3 pixels a frame, seen by a flow estimator
 * that sees no motion at all: warps go wrong in proportion to the motion, and the features must tell.
 */
class ConfidenceTrainerTest {

    /** Labels the bright 4x4 blocks "person", on a grid 4x coarser than the image. */
    private static Features predict(Image image) {
        int w = image.width() / 4;
        int h = image.height() / 4;
        float[] v = new float[2 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float bright = image.get(x * 4 + 1, y * 4 + 1, 0) / 255f;
                v[y * w + x] = 0.5f - bright;
                v[w * h + y * w + x] = bright - 0.5f;
            }
        }
        return Features.of(Features.LOGITS, Tensor.wrap(2, h, w, v), 4);
    }

    private static FakeTrainingClip clip(String name, int speed) {
        List<Frame> frames = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            frames.add(TexturedFrames.frame(t, 3, speed * t, null));
        }
        return FakeTrainingClip.of(name, frames);
    }

    private static FakeTrainingContext context(Path out) {
        return FakeTrainingContext.builder()
                .clips(List.of(clip("still", 0), clip("slow", 1), clip("medium", 2), clip("fast", 3)))
                .classes(ClassSet.of("background", "person"))
                .network((image, stages, inputs) -> predict(image))
                .flow((target, source) -> FlowField.zero(target.width() / 4, target.height() / 4))
                .seed(42).threads(1).output(out).teacher("synthetic").command("test")
                .build();
    }

    private static Trainer trainer(String settings) {
        Config defaults = ConfigFactory.parseResources("reference.conf").getConfig("vseg.trainers.\"dvsnet.confidence\"");
        return new ConfidenceTrainer.Factory().create(ConfigFactory.parseString(settings).withFallback(defaults),
                FakeComponentContext.of("vseg.trainers.\"dvsnet.confidence\""));
    }

    @Test
    void trainingBeatsTheMeanOnUnseenClipsAndTheModelReloadsWithIdenticalPredictions(@TempDir Path dir)
            throws IOException {
        FakeTrainingContext context = context(dir);
        Path out = trainer("overlap = 8, max-offset = 4, cuts = 4, epochs = 30, validation-share = 0.25")
                .train(context);

        MlpModel model = MlpModel.load(out, ConfidenceTrainer.MODEL_NAME);
        Config training = model.card().getConfig("training");
        assertThat(training.getDouble("validation-mse")).isLessThan(training.getDouble("validation-mse-of-mean") / 2);
        assertThat(training.getStringList("validation-clips")).hasSize(1);
        assertThat(training.getString("command")).isEqualTo("test");
        assertThat(model.features()).isEqualTo(MotionFeatures.NAMES);
        assertThat(context.progress()).anyMatch(l -> l.startsWith("best epoch"));

        // The scheduler's model gives the trainer's predictions: still is confident, fast is not.
        ConfidenceModel loaded = ConfidenceModel.load(out);
        MotionGrid grid = new MotionGrid(16, 12, 64, 48);
        MotionGrid.KeyCells cells = grid.cells(List.of(io.vseg.api.Region.whole(64, 48)),
                List.of(predict(TexturedFrames.frame(0, 3, 0, null).image()).logits()), 1, 1);
        float[] still = MotionFeatures.of(grid, io.vseg.api.Region.whole(64, 48), FlowField.zero(16, 12),
                grid.grey(TexturedFrames.frame(1, 3, 0, null).image()), grid.grey(TexturedFrames.frame(0, 3, 0, null).image()),
                cells, 1);
        float[] fast = MotionFeatures.of(grid, io.vseg.api.Region.whole(64, 48), FlowField.zero(16, 12),
                grid.grey(TexturedFrames.frame(4, 3, 12, null).image()), grid.grey(TexturedFrames.frame(0, 3, 0, null).image()),
                cells, 4);
        assertThat(loaded.confidence(still)).isEqualTo(model.predict(still)).isGreaterThan(loaded.confidence(fast) + 0.1);
    }

    @Test
    void theSameSeedGivesTheSameModel(@TempDir Path dir) throws IOException {
        String settings = "overlap = 8, max-offset = 3, cuts = 2, epochs = 5, segment-on = frame";
        MlpModel a = MlpModel.load(trainer(settings).train(context(dir.resolve("a"))),
                ConfidenceTrainer.MODEL_NAME);
        MlpModel b = MlpModel.load(trainer(settings).train(context(dir.resolve("b"))),
                ConfidenceTrainer.MODEL_NAME);
        float[] x = new float[MotionFeatures.NAMES.size()];
        java.util.Arrays.fill(x, 0.3f);
        assertThat(b.predict(x)).isEqualTo(a.predict(x));
    }
}
