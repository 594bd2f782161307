package io.vseg.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vseg.runtime.TestData;
import io.vseg.runtime.plugin.PluginJars;
import io.vseg.runtime.video.Davis;
import io.vseg.testkit.TestInputs;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: listings, help, runs on real input, and one-line errors. */
class MainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int vseg(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pluginsListsTheRuntimesComponents() {
        assertThat(vseg("--plugins", dir.toString(), "plugins")).isZero();
        for (String name : List.of("every-frame", "none", "opencv-dnn", "onnx", "opencv-dis", "opencv-farneback")) {
            assertThat(out()).containsPattern("(?m)^" + name + " +\\w+ +io\\.vseg\\.runtime ");
        }
    }

    @Test
    void everyCommandHasHelp() {
        assertThat(vseg("--help")).isZero();
        assertThat(out()).contains("run").contains("plugins");
        assertThat(vseg("run", "--help")).isZero();
        assertThat(out()).contains("--config FILE");
        assertThat(vseg("plugins", "--help")).isZero();
    }

    @Test
    void trainNamesAnUnknownTrainer() {
        // The trainers come from plugins (the student's distill: vseg-it's StudentPluginTest).
        assertThat(vseg("train", "nope", "--config", "x.conf", "--data", "y", "--out", "z")).isEqualTo(2);
        assertThat(err()).contains("unknown trainer 'nope'");
    }

    @Test
    void aWordThatIsNotAnOptionIsAUsageErrorNamingIt() {
        // A path without its --input used to be ignored, and the run failed later on something else.
        assertThat(vseg("run", "--config", "x.conf", "samples/Megamind.avi")).isEqualTo(2);
        assertThat(err().strip()).doesNotContain("\n").contains("'samples/Megamind.avi' is not an option (options "
                + "start with --) and the command takes no other argument");
        assertThat(vseg("plugins", "-v")).isEqualTo(2);
        assertThat(err()).contains("'-v' is not an option and the command takes no other argument");
        // A trainer takes one name, not two; --help still wins.
        assertThat(vseg("train", "a", "b", "--config", "x.conf")).isEqualTo(2);
        assertThat(err()).contains("'b' is not an option (options start with --) and the command takes only 1 other "
                + "argument");
        assertThat(vseg("run", "stray", "--help")).isZero();
        // An option whose value is missing does not take the next option as its value.
        assertThat(vseg("run", "--config", "x.conf", "--max-frames", "--output", "o")).isEqualTo(2);
        assertThat(err()).contains("--max-frames needs a value, got the option --output");
        assertThat(vseg("run", "--config", "x.conf", "--output", "--help")).isEqualTo(2);
        assertThat(err()).contains("--output needs a value, got the option --help");
    }

    @Test
    void evalTakesTheFramesToScoreAsAllOrDavis() throws Exception {
        assertThat(vseg("eval", "--help")).isZero();
        assertThat(out()).contains("--frames all|davis").contains("(default all;");
        Path frames = syntheticFrames(1);
        assertThat(vseg("eval", "--config", dir.resolve("unread.conf").toString(), "--dataset", frames.toString(),
                "--frames", "every")).isEqualTo(2);
        assertThat(err()).contains("--frames: all or davis, got 'every'");
        err.reset();
        // A negative warm-up left timing slots empty, lowering the means.
        assertThat(vseg("eval", "--config", dir.resolve("unread.conf").toString(), "--dataset", frames.toString(),
                "--warmup", "-20")).isEqualTo(2);
        assertThat(err()).contains("--warmup: 0 or more frames, got -20");
        err.reset();
        assertThat(vseg("profile", "--config", dir.resolve("unread.conf").toString(), "--input", frames.toString(),
                "--warmup", "-20")).isEqualTo(2);
        assertThat(err()).contains("--warmup: 0 or more frames, got -20");
    }

    @Test
    void aMissingInputIsOneLineNamingIt() throws Exception {
        Path model = TestData.model("selfie_segmentation.tflite");
        Path config = selfieConfig(model);
        assertThat(vseg("run", "--config", config.toString(), "--input", dir.resolve("nope.mp4").toString(),
                "--output", dir.resolve("o").toString())).isEqualTo(1);
        assertThat(err().strip()).doesNotContain("\n").contains("nope.mp4");
    }

    @Test
    void aBadModelPathNamesTheConfigKey() throws Exception {
        Path config = dir.resolve("bad.conf");
        Files.writeString(config, "vseg.pipeline.extractor { type = opencv-dnn, model = /no/such/model.tflite }\n");
        assertThat(vseg("run", "--config", config.toString(), "--input", dir.toString(), "--output",
                dir.resolve("o").toString())).isEqualTo(1);
        assertThat(err().strip()).doesNotContain("\n")
                .contains("bad.conf").contains("vseg.pipeline.extractor.model").contains("/no/such/model.tflite");
    }

    @Test
    void aModelFileOpenCvCannotReadIsOneLineNamingItsKeyAVariantsToo() throws Exception {
        Path model = TestData.model("selfie_segmentation.tflite");
        byte[] bytes = Files.readAllBytes(model);
        Path cut = Files.write(dir.resolve("cut.tflite"), java.util.Arrays.copyOf(bytes, bytes.length / 3));
        // The config's own model is sound; the landscape variant is cut short by an interrupted download.
        Path config = Files.writeString(dir.resolve("cut.conf"), "include file(\"" + selfieConfig(model) + "\")\n"
                + "vseg.pipeline.extractor.variants = [ { model = \"" + cut + "\", input-width = 256, "
                + "input-height = 144 } ]\n");
        assertThat(vseg("run", "--config", config.toString(), "--input", dir.toString(), "--output",
                dir.resolve("o").toString())).isEqualTo(1);
        assertThat(err().strip()).doesNotContain("\n").doesNotContain("unexpected")
                .contains("vseg.pipeline.extractor.variants.0.model: OpenCV could not read " + cut + ": ");
    }

    @Test
    void aCorruptFrameStopsTheRunNamingItAndKeepsWhatWasWritten() throws Exception {
        Path model = TestData.model("selfie_segmentation.tflite");
        Path seq = Davis.images(TestData.davis(), "dance-twirl");
        Path frames = Files.createDirectories(dir.resolve("frames"));
        for (int i = 0; i < 3; i++) {
            Files.copy(seq.resolve(String.format("%05d.jpg", i)), frames.resolve(String.format("%05d.jpg", i)));
        }
        Files.writeString(frames.resolve("00003.jpg"), "not a jpeg");
        Path output = dir.resolve("run");

        int rc = vseg("run", "--config", selfieConfig(model).toString(), "--input", frames.toString(),
                "--output", output.toString());

        assertThat(rc).isEqualTo(1);
        assertThat(err().strip().lines().reduce((a, b) -> b).orElseThrow())
                .contains("00003.jpg").contains("frame 3");
        assertThat(list(output.resolve("labels"))).containsExactly("00000.png", "00001.png", "00002.png");
        assertThat(Files.readAllLines(output.resolve("trace.jsonl"))).hasSize(3);
        assertThat(Files.size(output.resolve("overlay.mp4"))).isGreaterThan(1000);
    }

    @Test
    void runOnARealVideoWritesLabelsOverlayAndTrace() throws Exception {
        Path model = TestData.model("selfie_segmentation.tflite");
        Path video = Path.of("../samples/Megamind.avi").toAbsolutePath().normalize();
        TestInputs.require(Files.isRegularFile(video), "sample video not fetched: " + video + " (scripts/setup.sh)");
        Path output = dir.resolve("megamind");

        assertThat(vseg("run", "--config", selfieConfig(model).toString(), "--input", video.toString(),
                "--output", output.toString(), "--max-frames", "12")).as(err()).isZero();

        assertThat(list(output.resolve("labels"))).hasSize(12).first().isEqualTo("00000.png");
        List<String> trace = Files.readAllLines(output.resolve("trace.jsonl"));
        assertThat(trace).hasSize(12);
        assertThat(trace.get(0)).contains("\"method\":\"every-frame+copy\"").contains("\"plan\":\"key\"")
                .contains("\"extract\":").contains("\"decode\":");
        assertThat(Files.size(output.resolve("overlay.mp4"))).isGreaterThan(1000);
        assertThat(out()).contains("12 frames").contains("compute").contains("decode").contains("threads");
    }

    @Test
    void aNameConflictIsOneLineNamingBothJarsAndTheOtherPluginsStillList() throws Exception {
        Path plugins = dir.resolve("plugins");
        PluginJars.fuserPlugin(dir, plugins, "a.jar", "test.alpha", "shared.name");
        PluginJars.fuserPlugin(dir, plugins, "b.jar", "test.beta", "shared.name");
        PluginJars.fuserPlugin(dir, plugins, "c.jar", "test.gamma", "gamma.identity");

        assertThat(vseg("--plugins", plugins.toString(), "plugins")).isEqualTo(1);

        assertThat(err().strip()).doesNotContain("\n").contains("shared.name").contains("a.jar").contains("b.jar");
        assertThat(out()).containsPattern("(?m)^gamma\\.identity +fuser +test\\.gamma ")
                .containsPattern("(?m)^shared\\.name +fuser +test\\.alpha ")
                .containsPattern("(?m)^every-frame +scheduler +io\\.vseg\\.runtime ");
        err.reset();
        assertThat(vseg("--plugins", plugins.toString(), "--help")).isZero();
    }

    @Test
    void aNamedPluginsFolderThatDoesNotExistIsOneLine() {
        Path absent = dir.resolve("no-plugins");
        assertThat(vseg("--plugins", absent.toString(), "plugins")).isEqualTo(1);
        assertThat(err().strip()).doesNotContain("\n").contains("plugins folder").contains(absent.toString());
    }

    @Test
    void aComponentThatFailsNamesTheFrameTheComponentItsModuleAndTheExceptionType() throws Exception {
        Path model = TestData.model("selfie_segmentation.tflite");
        Path plugins = dir.resolve("plugins");
        PluginJars.plugin(dir, "test.boom").component("boom.fail")
                .fuser("(f, frame) -> { if (frame.frame().index() == 1) throw new IllegalStateException(\"boom\"); return f; }")
                .jar(plugins, "boom.jar");
        Path config = dir.resolve("boom.conf");
        Files.writeString(config, "include file(\"" + selfieConfig(model) + "\")\nvseg.pipeline.fuser.type = boom.fail\n");
        Path frames = syntheticFrames(3);

        int rc = vseg("--plugins", plugins.toString(), "run", "--config", config.toString(), "--input",
                frames.toString(), "--output", dir.resolve("o").toString());

        assertThat(rc).isEqualTo(1);
        String last = err().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).contains("frame 1 (00001)").contains("fuser boom.fail (module test.boom)")
                .contains("IllegalStateException: boom");
        assertThat(err()).doesNotContain("\tat ");
        assertThat(list(dir.resolve("o").resolve("labels"))).containsExactly("00000.png");

        err.reset();
        for (String command : List.of("bench", "eval")) {
            assertThat(vseg("--plugins", plugins.toString(), command, "--config", config.toString(),
                    command.equals("eval") ? "--dataset" : "--input", frames.toString(), "--warmup", "0"))
                    .as(command).isEqualTo(1);
            assertThat(err().strip().lines().reduce((a, b) -> b).orElseThrow()).as(command)
                    .contains("frame 1 (00001)").contains("fuser boom.fail (module test.boom)")
                    .contains("IllegalStateException: boom");
            err.reset();
        }

        assertThat(vseg("--plugins", plugins.toString(), "--stacktrace", "run", "--config", config.toString(),
                "--input", frames.toString(), "--output", dir.resolve("o2").toString())).isEqualTo(1);
        assertThat(err()).contains("fuser boom.fail").contains("\tat ");
    }

    @Test
    void anUnknownComponentNamesThePluginsThatDidNotLoad() throws Exception {
        Path model = TestData.model("selfie_segmentation.tflite");
        Path plugins = dir.resolve("plugins");
        PluginJars.plugin(dir, "test.old").builtAgainst("0.1.0-SNAPSHOT").jar(plugins, "old.jar");
        Path config = dir.resolve("old.conf");
        Files.writeString(config, "include file(\"" + selfieConfig(model) + "\")\nvseg.pipeline.fuser.type = old.identity\n");

        assertThat(vseg("--plugins", plugins.toString(), "run", "--config", config.toString(), "--input",
                syntheticFrames(1).toString(), "--output", dir.resolve("o").toString())).isEqualTo(1);

        // Every command warns of what did not load, one line each; the error is the last line.
        assertThat(err().strip().lines().toList()).hasSize(2).first().asString()
                .startsWith("vseg: warning: plugin old.jar not loaded: ");
        assertThat(err().strip().lines().reduce((a, b) -> b).orElseThrow()).contains("unknown fuser 'old.identity'")
                .contains("old.jar").contains("built against vseg-api 0.1.0-SNAPSHOT");
    }

    @Test
    void anEmptyOptionValueIsAUsageErrorNotTheWorkingDirectory() throws Exception {
        // Path.of("") is the working directory: --output '' would write there
        assertThat(vseg("run", "--config", tinyConfig("").toString(), "--input", syntheticFrames(1).toString(),
                "--output", "")).isEqualTo(2);
        assertThat(err().strip()).isEqualTo("vseg run: --output needs a value, got '' (see vseg run --help)");
        err.reset();
        assertThat(vseg("eval", "--config=", "--dataset", "x")).isEqualTo(2);
        assertThat(err().strip()).startsWith("vseg eval: --config needs a value");
    }

    @Test
    void anOutputFolderThatIsAFileIsSaidSo() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        assertThat(vseg("run", "--config", tinyConfig("").toString(), "--input", syntheticFrames(1).toString(),
                "--output", file.toString())).isEqualTo(1);
        // the JDK's FileAlreadyExistsException says the path alone
        assertThat(err().strip()).isEqualTo("vseg run: " + file + ": exists already (a file where a folder was to be?)");
    }

    @Test
    void anUnreadableFrameInEvalIsNamedWithoutAnExceptionsClassName() throws Exception {
        Path frames = syntheticFrames(2);
        Files.write(frames.resolve("00001.png"), new byte[] {1, 2, 3});
        assertThat(vseg("eval", "--config", tinyConfig("").toString(), "--dataset", frames.toString(), "--output",
                dir.resolve("o").toString())).isEqualTo(1);
        // was: vseg eval: java.io.IOException: .../00001.png: not a readable image
        assertThat(err().strip().lines().reduce((a, b) -> b).orElseThrow())
                .isEqualTo("vseg eval: " + frames.resolve("00001.png") + ": not a readable image");
    }

    @Test
    void evalNamesTheFrameWhereTemporalConsistencyCannotBeMeasured() throws Exception {
        Path frames = Files.createDirectories(dir.resolve("tiny"));
        for (int i = 0; i < 2; i++) {
            ImageIO.write(new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB), "png",
                    frames.resolve(String.format("%05d.png", i)).toFile());
        }
        assertThat(vseg("eval", "--config", tinyConfig("").toString(), "--dataset", frames.toString(), "--output",
                dir.resolve("o").toString())).isEqualTo(1);
        // was: vseg eval: unexpected RuntimeException: OpenCV(4.13.0) ... error: (-201:Incorrect size of input array)
        assertThat(err().strip().lines().reduce((a, b) -> b).orElseThrow()).isEqualTo("vseg eval: tiny: frame 1 (00001): "
                + "flow for temporal consistency: frames of 8x8 after downscaling are too small for DIS flow, whose "
                + "patches are 8 pixels");
    }

    @Test
    void classLabelsBeyondTheModelsClassesNameTheFrame() throws Exception {
        Path frames = syntheticFrames(2);
        Path labels = Files.createDirectories(dir.resolve("labels"));
        for (int i = 0; i < 2; i++) {
            BufferedImage label = new BufferedImage(96, 64, BufferedImage.TYPE_BYTE_GRAY);
            label.getRaster().setSample(5, 5, 0, 7 * i);
            ImageIO.write(label, "png", labels.resolve(String.format("%05d.png", i)).toFile());
        }
        assertThat(vseg("eval", "--config", tinyConfig("").toString(), "--dataset", frames.toString(), "--labels",
                labels.toString(), "--output", dir.resolve("o").toString())).isEqualTo(1);
        // was: vseg eval: label out of range at pixel 325: 7 / 0
        assertThat(err().strip().lines().reduce((a, b) -> b).orElseThrow()).isEqualTo("vseg eval: synthetic: frame 1 "
                + "(00001): the labels hold class 7, but the model has 2 classes and the void label is 255 (--void)");
    }

    @Test
    void profileOnAClipTooShortForItsWarmUpNamesTheInputAndBothOptions() throws Exception {
        Path frames = syntheticFrames(3);
        assertThat(vseg("profile", "--config", tinyConfig("").toString(), "--input", frames.toString(), "--output",
                dir.resolve("o").toString())).isEqualTo(2);
        assertThat(err().strip()).isEqualTo("vseg profile: " + frames + ": 3 frame(s) leave none to time after 10 "
                + "warm-up frames (--warmup, --max-frames) (see vseg profile --help)");
    }

    @Test
    void anUnexpectedErrorWhoseMessageSpansLinesIsStillOneLine() throws Exception {
        Path plugins = dir.resolve("plugins");
        PluginJars.plugin(dir, "test.lines").component("lines.fail")
                .fuser("(io.vseg.api.spi.Fuser) ((java.util.function.Supplier<Object>) () -> {"
                        + " throw new IllegalStateException(\"first\\nsecond\\n\"); }).get()")
                .jar(plugins, "lines.jar");

        assertThat(vseg("--plugins", plugins.toString(), "run", "--config",
                tinyConfig("vseg.pipeline.fuser.type = lines.fail\n").toString(), "--input",
                syntheticFrames(1).toString(), "--output", dir.resolve("o").toString())).isEqualTo(1);

        // (as OpenCV's messages do, this one ends in a line break: the pointer to --stacktrace stays on the line)
        assertThat(err().strip())
                .isEqualTo("vseg run: unexpected IllegalStateException: first second (--stacktrace shows where)");
    }

    @Test
    void checkMakesEveryPipelineOfEachFileAndNamesWhatFailsOnOneLine() throws Exception {
        Path good = tinyConfig("");
        // Resolves and passes the key check: only making the extractor finds the model missing.
        Path missing = Files.writeString(dir.resolve("missing.conf"), "include file(\"" + good + "\")\n"
                + "vseg.pipeline.extractor.model = /no/such/model.onnx\n");
        Path typo = Files.writeString(dir.resolve("typo.conf"), "include file(\"" + good + "\")\n"
                + "vseg.pipeline.flow.presett = fast\n");
        Path frames = syntheticFrames(2);
        Path study = Files.writeString(dir.resolve("study.conf"), """
                study {
                  name = tiny
                  pipeline = tiny.conf
                  dataset { path = synthetic }
                  variants = [
                    { name = every-frame, set { "vseg.pipeline.scheduler" { type = every-frame } } }
                    { name = dff, set { "vseg.pipeline.scheduler" { type = dff.interval, interval = 5 } } }
                    { name = slow, set { "vseg.pipeline.flow.preset" = slowest } }
                  ]
                }
                """);
        Path fine = Files.writeString(dir.resolve("fine.conf"), """
                study {
                  pipeline = tiny.conf
                  dataset { path = synthetic }
                  grid { "vseg.pipeline.flow.preset" = [ultrafast, fast] }
                }
                """);

        int rc = vseg("check", good.toString(), missing.toString(), typo.toString(), study.toString(),
                fine.toString());

        assertThat(rc).isEqualTo(1);
        assertThat(out().lines().toList()).containsExactly(
                "ok " + good + ": pipeline extractor onnx, flow opencv-dis, scheduler every-frame, propagator copy, "
                        + "fuser none",
                "ok " + fine + ": study fine, 2 variant(s) on 1 sequence(s) of " + frames);
        List<String> errors = err().lines().toList();
        assertThat(errors).hasSize(5);
        assertThat(errors.get(0)).startsWith("vseg check: " + missing).contains("vseg.pipeline.extractor.model")
                .contains("/no/such/model.onnx");
        assertThat(errors.get(1)).startsWith("vseg check: " + typo).contains("presett");
        // The runtime alone has no DFF: the second variant fails, and the line says whose it is; the third is
        // still made, and fails on its own line.
        assertThat(errors.get(2)).startsWith("vseg check: " + study + ": variant dff: ").contains("dff.interval");
        assertThat(errors.get(3)).startsWith("vseg check: " + study + ": variant slow: ").contains("slowest");
        assertThat(errors.get(4)).isEqualTo("vseg check: 3 of 5 file(s) failed");

        // With --stacktrace, a failure's trace follows its line; the lines are the same.
        err.reset();
        out.reset();
        assertThat(vseg("check", "--stacktrace", good.toString(), missing.toString())).isEqualTo(1);
        List<String> traced = err().lines().toList();
        assertThat(traced.get(0)).isEqualTo(errors.get(0));
        assertThat(traced.get(1)).startsWith("io.vseg.runtime.config.ConfigProblem: ");
        assertThat(traced)
                .anyMatch(l -> l.startsWith("\tat ") && l.contains("io.vseg.runtime.pipeline.PipelineFactory."))
                .last().isEqualTo("vseg check: 1 of 2 file(s) failed");

        err.reset();
        assertThat(vseg("check")).isEqualTo(2);
        assertThat(err().strip()).isEqualTo("vseg check: name one or more configuration or study files (see vseg "
                + "check --help)");
    }

    /** A pipeline on the staged ONNX fixture of the test resources (no fetched model needed), with {@code more}. */
    private Path tinyConfig(String more) throws Exception {
        Path config = dir.resolve("tiny.conf");
        Files.writeString(config, """
                vseg.pipeline.extractor {
                  type = onnx, model = "%s", input-width = 32, input-height = 32, output-kind = logits
                }
                vseg.output.overlay = false
                """.formatted(Path.of("src/test/resources/onnx/staged-full.onnx").toAbsolutePath()) + more);
        return config;
    }

    /** {@code n} small frames of a moving square, as PNG files. */
    private Path syntheticFrames(int n) throws Exception {
        Path frames = Files.createDirectories(dir.resolve("synthetic"));
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(Color.DARK_GRAY);
            g.fillRect(0, 0, 96, 64);
            g.setColor(Color.ORANGE);
            g.fillRect(20 + 4 * i, 16, 30, 30);
            g.dispose();
            ImageIO.write(img, "png", frames.resolve(String.format("%05d.png", i)).toFile());
        }
        return frames;
    }

    private Path selfieConfig(Path model) throws Exception {
        Path config = dir.resolve("selfie.conf");
        Files.writeString(config, """
                vseg.models = "%s"
                include file("%s")
                """.formatted(model.getParent(), Path.of("../configs/selfie.conf").toAbsolutePath().normalize()));
        return config;
    }

    private static List<String> list(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
