package io.vseg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import io.vseg.api.Features;
import io.vseg.api.FrameResult;
import io.vseg.api.Image;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.api.tensor.Tensor;
import io.vseg.runtime.cli.Main;
import io.vseg.runtime.config.PipelineSpec;
import io.vseg.runtime.eval.MaskIou;
import io.vseg.runtime.pipeline.Pipeline;
import io.vseg.runtime.pipeline.PipelineFactory;
import io.vseg.runtime.pipeline.SequenceRunner;
import io.vseg.runtime.plugin.ComponentKind;
import io.vseg.runtime.video.Davis;
import io.vseg.runtime.video.ImageFolderSource;
import io.vseg.runtime.video.LabelPngs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The person student that vseg trained and ships in zoo/student-person, through configs/student.conf and the
 * runtime's frame loop (its card and parameter file alone are checked in vseg-student).
 */
class ZooStudentTest {
    /**
     * Person IoU on dance-twirl, held out from training: zoo/student-person/README.md states 0.624 (the teacher
     * 0.635; the bar was the teacher's less 5 points, 0.585). Two points under the stated figure.
     */
    private static final double DANCE_TWIRL_FLOOR = 0.624 - 0.02;
    private static final List<String> HELD_OUT = List.of("dance-twirl", "bmx-trees", "kite-surf", "paragliding-launch");

    private static PipelineSpec spec() {
        return Fixtures.zooPipeline("student.conf");
    }

    private static FeatureExtractor extractor(PipelineSpec spec) {
        return new PipelineFactory().component(spec, ComponentKind.EXTRACTOR, FeatureExtractor.class);
    }

    @Test
    void itLoadsThroughTheStudentConfigAndRunsEveryStage() {
        try (FeatureExtractor x = extractor(spec())) {
            assertThat(x.stages()).containsExactly("stem", "stage1", "stage2", "scores2", "stage3", "logits");
            Features f = x.extract(Fixtures.noise(128, 96, 1), Set.copyOf(x.stages()), Features.empty());
            // a 128x96 frame runs at 256x192: logits at the input's resolution, the stem at stride 2, stage3 at 16
            assertThat(f.tensor(Features.LOGITS).width()).isEqualTo(256);
            assertThat(f.tensor("stem").width()).isEqualTo(128);
            assertThat(f.tensor("stage3").height()).isEqualTo(12);
            assertThat(f.tensor("scores2").channels()).isEqualTo(2);
        }
    }

    @Test
    void itsOnnxFilesComputeWhatItsParametersDo() {
        // a 16:9 frame: both extractors run it at the model's 256x144
        Random r = new Random(11);
        byte[] rgb = new byte[512 * 288 * 3];
        for (int i = 0; i < rgb.length; i++) {
            int x = (i / 3) % 512;
            rgb[i] = (byte) (x < 256 ? 60 + r.nextInt(40) : 170 + r.nextInt(40));
        }
        Image image = Image.wrap(512, 288, rgb);
        try (FeatureExtractor djl = extractor(spec());
             FeatureExtractor onnx = extractor(Fixtures.zooPipeline("student-onnx.conf"))) {
            assertThat(onnx.stages()).isEqualTo(djl.stages());
            Tensor a = djl.extract(image, Set.of(Features.LOGITS), Features.empty()).logits();
            Tensor b = onnx.extract(image, Set.of(Features.LOGITS), Features.empty()).logits();
            double scale = 0;
            for (int i = 0; i < a.buffer().limit(); i++) {
                scale = Math.max(scale, Math.abs(a.buffer().get(i)));
            }
            assertThat(scale).isGreaterThan(0.1);
            assertThat(Fixtures.maxAbsDiff(a, b) / scale).as("re-export after training: the ONNX files are "
                    + "written with the parameters").isLessThan(1e-4);
        }
    }

    @Test
    void personMaskOnHeldOutDanceTwirl() throws Exception {
        Path davis = Fixtures.davis();
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

    /**
     * zoo/student-person/README.md: against the teacher on the four held-out sequences, agreement 0.938 (dance-twirl
     * 0.961, bmx-trees 0.882, kite-surf 0.891, paragliding-launch 0.972), J on dance-twirl 0.624 against the
     * teacher's 0.635; measured through {@code vseg bench --baseline} in this process. The started, untrained
     * student is the teacher (PretrainedWeightsTest) and agrees at 1.000: the band about 0.938 tells the distilled
     * student from its initialisation, which a floor alone would not. Measured 0.9383 (0.9608, 0.8818, 0.8913,
     * 0.9716), dance-twirl J 0.6245 against 0.6349.
     */
    @Test
    void benchAgainstTheTeacherGivesTheAgreementTheReadmeStates(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Fixtures.models();
        int code = Main.run(List.of("bench", "--config", Fixtures.config("student-onnx.conf").toString(),
                        "--baseline", Fixtures.config("selfie.conf").toString(), "--input", Fixtures.davis().toString(),
                        "--sequences", String.join(",", HELD_OUT), "--warmup", "2", "--output", dir.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();

        List<? extends Config> methods = ConfigFactory.parseFile(dir.resolve("bench.json").toFile())
                .getConfigList("methods");
        Config teacher = methods.get(0);
        Config student = methods.get(1);
        System.out.printf(Locale.ROOT, "student-onnx against selfie.conf on %s: agreement %.4f (%s), J %.4f against "
                        + "%.4f; dance-twirl J %.4f against %.4f%n", HELD_OUT, student.getDouble("agreement_miou"),
                HELD_OUT.stream().map(s -> String.format(Locale.ROOT, "%.4f",
                        student.getDouble("per_sequence.\"" + s + "\".agreement"))).toList(),
                student.getDouble("j"), teacher.getDouble("j"), student.getDouble("per_sequence.dance-twirl.j"),
                teacher.getDouble("per_sequence.dance-twirl.j"));
        assertThat(teacher.getString("name")).isEqualTo("every-frame (" + Fixtures.config("selfie.conf") + ")");
        assertThat(student.getString("name")).isEqualTo("every-frame+copy");
        assertThat(teacher.getDouble("agreement_miou")).isEqualTo(1.0);
        assertThat(student.getDouble("agreement_miou")).isCloseTo(0.938, within(0.01));
        Map<String, Double> stated = Map.of("dance-twirl", 0.961, "bmx-trees", 0.882, "kite-surf", 0.891,
                "paragliding-launch", 0.972);
        stated.forEach((seq, v) -> assertThat(student.getDouble("per_sequence.\"" + seq + "\".agreement")).as(seq)
                .isCloseTo(v, within(0.02)));
        assertThat(student.getDouble("per_sequence.dance-twirl.j")).isGreaterThan(DANCE_TWIRL_FLOOR);
        assertThat(teacher.getDouble("per_sequence.dance-twirl.j")).isCloseTo(0.635, within(0.01));

        String md = Files.readString(dir.resolve("bench.md"));
        assertThat(md).contains("| every-frame (" + Fixtures.config("selfie.conf") + ") |")
                .contains(String.format(Locale.ROOT, "| dance-twirl | every-frame+copy | 90 | 90 | %.3f |",
                        student.getDouble("per_sequence.dance-twirl.agreement")))
                .contains("| person |");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("wrote " + dir.resolve("bench.json"));
    }

    /**
     * The recipe zoo/student-person was made with (zoo/student-person/README.md: the selfie teacher, the mobile
     * layout started from its landscape model, ground-truth-weight 0, learning rate 0.00005, seed 42), run short:
     * every 4th frame of one clip (car-shadow: 9 training frames, 1 held out), batches of 4, two epochs. The started
     * student is the teacher on these 16:9 frames (measured validation agreement 0.9926), the second epoch's loss
     * is below the first's (measured 0.4039, then 0.3544), and the same command makes the same file, bit for bit
     * (with MKL_CBWR, as the tests run).
     */
    @Test
    void theZooRecipeRunShortStartsAtTheTeacherAndReproduces(@TempDir Path dir) throws Exception {
        List<String> exclude = new ArrayList<>(List.of("blackswan", "bmx-trees", "car-shadow", "cows", "dance-twirl",
                "dog", "drift-chicane", "goat", "horsejump-high", "kite-surf", "libby", "paragliding-launch"));
        exclude.remove("car-shadow");
        List<String> log = new ArrayList<>();
        for (String run : List.of("a", "b")) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(List.of("train", "distill", "--teacher", Fixtures.config("selfie.conf").toString(),
                            "--data", Fixtures.davis().toString(), "--exclude", String.join(",", exclude),
                            "--out", dir.resolve(run).toString(), "--seed", "42",
                            "--set", "ground-truth-weight=0,epochs=2,learning-rate=0.00005,batch-size=4,frame-step=4"),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
            log.add(err.toString(StandardCharsets.UTF_8));
        }
        Matcher start = Pattern.compile("start: validation agreement ([0-9.]+)").matcher(log.get(0));
        assertThat(start.find()).as(log.get(0)).isTrue();
        assertThat(Double.parseDouble(start.group(1))).isGreaterThan(0.98);
        assertThat(log.get(0)).contains("init: 55 layers");
        List<Double> losses = new ArrayList<>();
        Matcher epoch = Pattern.compile("epoch \\d+/2: train loss ([0-9.]+)").matcher(log.get(0));
        while (epoch.find()) {
            losses.add(Double.parseDouble(epoch.group(1)));
        }
        assertThat(losses).as(log.get(0)).hasSize(2);
        assertThat(losses.get(1)).as(log.get(0)).isLessThan(losses.get(0));
        assertThat(figures(log.get(1))).as("every loss and agreement of the second run").isEqualTo(figures(log.get(0)));
        assertThat(Files.readAllBytes(dir.resolve("a/student-0000.params")))
                .as("the same command, the same file").isEqualTo(Files.readAllBytes(dir.resolve("b/student-0000.params")));
        Config training = ConfigFactory.parseFile(dir.resolve("a/student.json").toFile()).getConfig("training");
        assertThat(training.getDouble("hyperparameters.ground-truth-weight")).isZero();
        assertThat(training.getDouble("hyperparameters.learning-rate")).isEqualTo(0.00005);
        assertThat(training.getString("hyperparameters.layout")).isEqualTo("mobile");
        assertThat(training.getString("hyperparameters.init")).endsWith("selfie_segmentation_landscape.tflite");
        assertThat(training.getInt("seed")).isEqualTo(42);
    }

    /** Every loss and agreement a training printed, in order. */
    private static List<String> figures(String log) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(loss|agreement) ([0-9.]+)").matcher(log);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static double iou(FrameResult result, Path annotation) throws IOException {
        return MaskIou.of(LabelPngs.read(annotation).values(), result.segmentation().labels(), 1);
    }
}
