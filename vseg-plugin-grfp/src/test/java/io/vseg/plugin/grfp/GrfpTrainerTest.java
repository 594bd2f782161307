package io.vseg.plugin.grfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.vseg.api.Features;
import io.vseg.api.spi.Fuser;
import io.vseg.learn.ModelCard;
import io.vseg.testkit.FakeComponentContext;
import io.vseg.testkit.FakeTrainingContext;
import io.vseg.testkit.TestFrames;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrfpTrainerTest {
    private static final Pattern EPOCH = Pattern.compile("epoch (\\d+)/\\d+: train loss ([0-9.]+)");

    private static Config config(String settings) {
        return ConfigFactory.parseString(settings)
                .withFallback(ConfigFactory.defaultReference().getConfig("vseg.trainers.\"grfp.stgru\""));
    }

    /**
     * Two clips of a square moving right (the fake network's scores as targets), BPTT over windows of 4 frames: the
     * loss falls, and the best epoch's model is written with its card and runs in the fuser.
     */
    @Test
    void aShortTrainingLowersTheLossAndWritesAModelTheFuserRuns(@TempDir Path out) throws Exception {
        FakeTrainingContext ctx = FakeTrainingContext.builder()
                .clip("a", TestFrames.movingSquare(16, 64, 48))
                .clip("b", TestFrames.movingSquare(16, 64, 48))
                .output(out).seed(7).build();
        Config settings = config("epochs = 4, window = 4, stride = 1, batch-size = 4, hidden = 4, "
                + "learning-rate = 0.05, validation-share = 0.25");
        new GrfpTrainer.Factory().create(settings, FakeComponentContext.of("vseg.trainers.grfp.stgru")).train(ctx);

        double first = Double.NaN;
        double last = Double.NaN;
        for (String line : ctx.progress()) {
            Matcher m = EPOCH.matcher(line);
            if (m.find()) {
                double loss = Double.parseDouble(m.group(2));
                first = Double.isNaN(first) ? loss : first;
                last = loss;
            }
        }
        assertThat(last).as(String.join("\n", ctx.progress())).isLessThan(first);

        Config card = ModelCard.read(out.resolve(GrfpModel.CARD), GrfpModel.FORMAT, "test");
        assertThat(card.getString("stage")).isEqualTo(Features.LOGITS);
        assertThat(card.getInt("channels")).isEqualTo(2);
        assertThat(card.getInt("hidden")).isEqualTo(4);
        assertThat(card.getInt("training.seed")).isEqualTo(7);
        // The start (the fake network's own scores, which are the targets, passed through) is hard to beat: it is
        // saved as epoch 0 and an epoch replaces it only by doing better on the held-out tails.
        assertThat(ctx.progress()).anyMatch(l -> l.startsWith("start: validation mIoU"));
        int best = card.getInt("training.best-epoch");
        assertThat(best).isBetween(0, 4);
        assertThat(ctx.progress()).anyMatch(l -> l.startsWith("best " + (best == 0 ? "the start (epoch 0)"
                : "epoch " + best) + ": validation mIoU"));

        Fuser fuser = new GrfpFuser.Factory().create(ConfigFactory.parseString("model = \"" + out + "\"")
                        .withFallback(ConfigFactory.defaultReference().getConfig("vseg.components.\"grfp.stgru\"")),
                FakeComponentContext.of("vseg.pipeline.fuser"));
        assertThat(fuser).isInstanceOf(GrfpFuser.class);
    }

    @Test
    void badSettingsAreNamed() {
        GrfpTrainer.Factory f = new GrfpTrainer.Factory();
        FakeComponentContext c = FakeComponentContext.of("vseg.trainers.grfp.stgru");
        assertThat(catchThrowable(() -> f.create(config("window = 1"), c))).hasMessageStartingWith("window:");
        assertThat(catchThrowable(() -> f.create(config("targets = guesses"), c))).hasMessageStartingWith("targets:");
        assertThat(catchThrowable(() -> f.create(config("kernel = 4"), c))).hasMessageStartingWith("kernel:");
        assertThat(catchThrowable(() -> f.create(config("validation-share = 1"), c)))
                .hasMessageStartingWith("validation-share:");
    }
}
