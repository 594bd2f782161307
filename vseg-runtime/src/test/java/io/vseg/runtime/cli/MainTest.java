package io.vseg.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vseg.runtime.TestData;
import io.vseg.runtime.video.Davis;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
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
        assumeTrue(Files.isRegularFile(video), "sample video not fetched: " + video + " (scripts/setup.sh)");
        Path output = dir.resolve("megamind");

        assertThat(vseg("run", "--config", selfieConfig(model).toString(), "--input", video.toString(),
                "--output", output.toString(), "--max-frames", "12")).as(err()).isZero();

        assertThat(list(output.resolve("labels"))).hasSize(12).first().isEqualTo("00000.png");
        List<String> trace = Files.readAllLines(output.resolve("trace.jsonl"));
        assertThat(trace).hasSize(12);
        assertThat(trace.get(0)).contains("\"plan\":\"key\"").contains("\"extract\":").contains("\"decode\":");
        assertThat(Files.size(output.resolve("overlay.mp4"))).isGreaterThan(1000);
        assertThat(out()).contains("12 frames").contains("compute").contains("decode").contains("threads");
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
