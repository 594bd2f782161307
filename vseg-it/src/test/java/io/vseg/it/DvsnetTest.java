package io.vseg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.vseg.api.Frame;
import io.vseg.api.FrameResult;
import io.vseg.api.Image;
import io.vseg.learn.MlpModel;
import io.vseg.runtime.cli.Main;
import io.vseg.runtime.dataset.Dataset;
import io.vseg.runtime.dataset.DavisDataset;
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
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DVSNet end to end: the selfie model, DIS flow, and the decision model vseg trained (zoo/dvsnet-selfie). */
class DvsnetTest {
    private static final List<String> HELD_OUT = List.of("bmx-trees", "cows", "dog", "goat", "kite-surf",
            "paragliding-launch");
    /** The lead the README states is +1.0 points (0.834 against 0.824 at 0.198 and 0.200 of the area). */
    private static final double LEAD_FLOOR = 0.007;

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

    /**
     * The README's DVSNet table on the six held-out sequences (464 frames), every method against the same
     * every-frame run: DFF interval 5 segments 0.200 of the area at agreement 0.824 (J 0.445); configs/dvsnet.conf
     * (error budget 0.3) 0.198 at 0.834 (J 0.444); the paper's threshold rule (0.89) 0.207 at 0.842; every frame J
     * 0.467. DVSNet's lead: a point of agreement over DFF with no more of the frame segmented. Measured (the same
     * every-frame run for all): J 0.4669; DFF 0.2004, 0.8243, J 0.4452; budget 0.1983, 0.8342 (+0.99 points), J
     * 0.4440; threshold 0.2069, 0.8416, J 0.4333 (the table's 0.442 predates the cut rule and is not checked).
     */
    @Test
    void onTheHeldOutSequencesDvsnetLeadsDffAtEqualArea() throws Exception {
        Dataset heldOut = new DavisDataset(Fixtures.davis(), HELD_OUT);
        String model = Fixtures.zoo().resolve("dvsnet-selfie").toString();
        PipelineFactory factory = new PipelineFactory();
        List<SideBySide.Figures> f;
        try (Pipeline every = factory.create(Fixtures.pipeline("dff.conf", "scheduler { type = every-frame }"));
             Pipeline dff = factory.create(Fixtures.pipeline("dff.conf", ""));
             Pipeline budget = factory.create(Fixtures.pipeline("dvsnet.conf", ""));
             Pipeline threshold = factory.create(Fixtures.pipeline("dvsnet.conf", "scheduler { type = dvsnet.confidence, "
                     + "regions = 2x2, overlap = 64, model = \"" + model + "\", error-budget = 0, threshold = 0.89, "
                     + "max-interval = 10, calibration = 0.5 }"))) {
            f = SideBySide.run(heldOut, every, List.of(dff, budget, threshold), 0);
        }
        SideBySide.Figures d = f.get(1);
        SideBySide.Figures b = f.get(2);
        SideBySide.Figures t = f.get(3);
        System.out.printf(Locale.ROOT, "held-out six: every frame J %.4f; DFF 5 area %.4f agreement %.4f J %.4f; "
                + "DVSNet budget area %.4f agreement %.4f J %.4f; threshold area %.4f agreement %.4f J %.4f%n",
                f.get(0).j(), d.area(), d.agreement(), d.j(), b.area(), b.agreement(), b.j(), t.area(),
                t.agreement(), t.j());
        assertThat(f.get(0).j()).isGreaterThan(0.467 - 0.01);
        assertThat(d.area()).isCloseTo(0.200, within(0.005));
        assertThat(d.agreement()).isGreaterThan(0.824 - 0.01);
        assertThat(d.j()).isGreaterThan(0.445 - 0.01);
        // The shipped rule: no more area than DFF, and about a point ahead of it.
        assertThat(b.area()).isCloseTo(0.198, within(0.01)).isLessThanOrEqualTo(d.area());
        assertThat(b.agreement()).isGreaterThan(0.834 - 0.01);
        assertThat(b.agreement() - d.agreement()).as("DVSNet's lead over DFF interval 5").isGreaterThan(LEAD_FLOOR);
        assertThat(b.j()).isGreaterThan(0.444 - 0.01);
        assertThat(t.area()).isCloseTo(0.207, within(0.01));
        assertThat(t.agreement()).isGreaterThan(0.842 - 0.01);
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
