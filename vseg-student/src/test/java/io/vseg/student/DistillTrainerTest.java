package io.vseg.student;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.vseg.api.Features;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.api.tensor.Tensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short distillation on synthetic frames whose teacher knows where the disc is. */
class DistillTrainerTest {
    private static final Pattern EPOCH = Pattern.compile("epoch (\\d+)/\\d+: train loss ([0-9.]+), validation agreement ([0-9.]+).*");

    @Test
    void aShortDistillationLowersTheLossAndSavesALoadableModel(@TempDir Path dir) throws Exception {
        Config config = ConfigFactory.parseString("""
                layout = plain, init = "", channels { stage1 = 8, stage2 = 8, stage3 = 16, head = 8 }, depth = 1
                input-width = 64, input-height = 48, epochs = 8, batch-size = 4, learning-rate = 0.01
                weight-decay = 0, frame-step = 1, validation-share = 0.2, ground-truth-weight = 0, aux-weight = 0.4
                min-scale = 0.8, flip = true, colour = 0.2, paste-probability = 0.3, online-teacher = false
                """);
        StudentFixtures.Context ctx = new StudentFixtures.Context(dir.resolve("out"), 20);
        Path out = new DistillTrainer.Factory().create(config, StudentFixtures.componentContext(dir)).train(ctx);

        List<double[]> epochs = ctx.lines.stream().map(EPOCH::matcher).filter(Matcher::matches)
                .map(m -> new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))}).toList();
        assertThat(epochs).hasSize(8);
        assertThat(epochs.get(7)[0]).as("last epoch's loss vs first").isLessThan(epochs.get(0)[0] * 0.7);
        assertThat(Files.exists(out.resolve(StudentModel.CARD))).isTrue();
        assertThat(Files.readString(out.resolve(StudentModel.CARD))).contains("\"validation-agreement-miou\"");

        // The saved student finds the disc in a frame it never saw.
        try (FeatureExtractor x = new DjlExtractor.Factory().create(
                ConfigFactory.parseString("model = \"" + out + "\", input-width = 0, threads = 1"), StudentFixtures.componentContext(dir))) {
            int t = 25;
            int[] labels = Tensors.argmax(Tensors.resize(x.extract(StudentFixtures.frame(t), Set.of(Features.LOGITS),
                    Features.empty()).tensor(Features.LOGITS), StudentFixtures.HEIGHT, StudentFixtures.WIDTH));
            int[] truth = new int[labels.length];
            for (int i = 0; i < truth.length; i++) {
                truth[i] = StudentFixtures.inDisc(t, i % StudentFixtures.WIDTH + 0.5, i / StudentFixtures.WIDTH + 0.5) ? 1 : 0;
            }
            assertThat(iou(truth, labels)).isGreaterThan(0.6);
        }
    }

    /** Intersection over union of the pixels labelled 1. */
    private static double iou(int[] truth, int[] labels) {
        int inter = 0;
        int union = 0;
        for (int i = 0; i < truth.length; i++) {
            inter += truth[i] == 1 && labels[i] == 1 ? 1 : 0;
            union += truth[i] == 1 || labels[i] == 1 ? 1 : 0;
        }
        return union == 0 ? 1 : (double) inter / union;
    }
}
