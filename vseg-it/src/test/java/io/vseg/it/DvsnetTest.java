package io.vseg.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.vseg.api.Frame;
import io.vseg.api.FrameResult;
import io.vseg.api.Image;
import io.vseg.learn.MlpModel;
import io.vseg.runtime.cli.Main;
import io.vseg.runtime.pipeline.Pipeline;
import io.vseg.runtime.pipeline.PipelineFactory;
import io.vseg.runtime.video.Davis;
import io.vseg.runtime.video.ImageFolderSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DVSNet end to end: the selfie model, DIS flow, and the decision model vseg trained (zoo/dvsnet-selfie). */
class DvsnetTest {

    private static Image image(String sequence, int index) throws java.io.IOException {
        try (ImageFolderSource source = new ImageFolderSource(Davis.images(Fixtures.davis(), sequence))) {
            return ImageFolderSource.read(source.files().get(index));
        }
    }

    private static List<String> plans(String slots, List<Image> images) {
        List<String> out = new ArrayList<>();
        try (Pipeline p = new PipelineFactory().create(Fixtures.pipeline("dvsnet.conf", slots))) {
            for (int i = 0; i < images.size(); i++) {
                FrameResult r = p.process(new Frame(i, i * 40_000L, images.get(i)));
                out.add(r.plan().label());
            }
        }
        return out;
    }

    @Test
    void aStillClipIsWarpedAndASceneCutIsSegmented() throws Exception {
        Image dancer = image("dance-twirl", 0);
        Image cows = image("cows", 0);
        List<Image> clip = List.of(dancer, dancer, dancer, dancer, dancer, cows);
        // The trained model, deciding for the whole frame (the shipped configuration).
        assertThat(plans("", clip)).containsExactly("key", "propagate", "propagate", "propagate", "propagate", "key");
        // The paper's region-wise segmentation on crops, with the analytic estimate.
        assertThat(plans("scheduler { type = dvsnet.confidence, segment-on = crop, model = \"\", threshold = 0.9 }",
                clip)).containsExactly("regions:4/4", "regions:0/4", "regions:0/4", "regions:0/4", "regions:0/4",
                "regions:4/4");
    }

    @Test
    void trainingOnThreeRealClipsBeatsPredictingTheMeanOnTheClipItNeverSaw(@TempDir Path out) {
        Fixtures.models();
        List<String> exclude = new ArrayList<>(List.of("blackswan", "bmx-trees", "car-shadow", "cows", "dance-twirl",
                "dog", "drift-chicane", "goat", "horsejump-high", "kite-surf", "libby", "paragliding-launch"));
        exclude.removeAll(List.of("blackswan", "car-shadow", "libby"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of("train", "dvsnet.confidence", "--config", Fixtures.config("dvsnet.conf").toString(),
                        "--data", Fixtures.davis().toString(), "--exclude", String.join(",", exclude),
                        "--out", out.toString(), "--set", "key-step=2,epochs=20,validation-share=0.34"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        MlpModel model = MlpModel.load(out, "dvsnet-confidence");
        Config training = model.card().getConfig("training");
        assertThat(training.getDouble("validation-mse")).isLessThan(training.getDouble("validation-mse-of-mean"));
        assertThat(training.getStringList("data")).hasSize(3);
        assertThat(training.getStringList("validation-clips")).hasSize(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("best epoch");
    }
}
