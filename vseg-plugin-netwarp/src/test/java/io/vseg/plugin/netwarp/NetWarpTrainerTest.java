package io.vseg.plugin.netwarp;

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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetWarpTrainerTest {
    private static final Pattern EPOCH = Pattern.compile("epoch (\\d+)/\\d+: train loss ([0-9.]+)");

    private static Config config(String settings) {
        return ConfigFactory.parseString(settings)
                .withFallback(ConfigFactory.defaultReference().getConfig("vseg.trainers.netwarp"));
    }

    /**
     * Two clips of a square moving right, with the pipeline's flow left at zero: fusing the previous frame's scores
     * unwarped smears the square, so the training must learn to lean on the current frame (w2 down) or to move the
     * flow (the transform), and its loss falls.
     */
    @Test
    void aShortTrainingLowersTheLossAndWritesAModelTheFuserRuns(@TempDir Path out) throws Exception {
        FakeTrainingContext ctx = FakeTrainingContext.builder()
                .clip("a", TestFrames.movingSquare(16, 64, 48))
                .clip("b", TestFrames.movingSquare(16, 64, 48))
                .output(out).seed(7).build();
        Config settings = config("epochs = 4, window = 3, stride = 1, batch-size = 4, transform-channels = 4, "
                + "transform-downscale = 2, learning-rate = 0.05, validation-share = 0.25");
        new NetWarpTrainer.Factory().create(settings, FakeComponentContext.of("vseg.trainers.netwarp")).train(ctx);

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

        Config card = ModelCard.read(out.resolve(NetWarpModel.CARD), NetWarpModel.FORMAT, "test");
        assertThat(card.getString("stage")).isEqualTo(Features.LOGITS);
        assertThat(card.getInt("training.seed")).isEqualTo(7);
        assertThat(card.getInt("training.best-epoch")).isBetween(1, 4);
        List<Double> w2 = card.getDoubleList("w2");
        // It learned to trust the unwarped memory less than at its start (w2 = 0.5).
        assertThat(w2).hasSize(2).allSatisfy(w -> assertThat(w).isBetween(0.0, 0.45));

        Fuser fuser = new NetWarpFuser.Factory().create(ConfigFactory.parseString("model = \"" + out + "\"")
                        .withFallback(ConfigFactory.defaultReference().getConfig("vseg.components.netwarp")),
                FakeComponentContext.of("vseg.pipeline.fuser"));
        assertThat(fuser).isInstanceOf(NetWarpFuser.class);
    }

    @Test
    void onlyTheLogitsCanBeTrainedAndBadSettingsAreNamed() {
        NetWarpTrainer.Factory f = new NetWarpTrainer.Factory();
        FakeComponentContext c = FakeComponentContext.of("vseg.trainers.netwarp");
        assertThat(catchThrowable(() -> f.create(config("stage = stage3"), c))).hasMessageStartingWith("stage:");
        assertThat(catchThrowable(() -> f.create(config("window = 1"), c))).hasMessageStartingWith("window:");
        assertThat(catchThrowable(() -> f.create(config("targets = guesses"), c))).hasMessageStartingWith("targets:");
        assertThat(catchThrowable(() -> f.create(config("validation-share = 1"), c)))
                .hasMessageStartingWith("validation-share:");
    }
}
