package io.vseg.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vseg.runtime.TestData;
import io.vseg.testkit.TestInputs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vseg run --resume} in process, on what a killed run leaves: label PNGs up to some frame, a trace whose last
 * line is torn, a temporary PNG and the unfinished overlay. (vseg-it's ResumeTest kills a real process.)
 */
class RunResumeTest {
    private static final int FRAMES = 10;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path config;
    private Path video;

    @BeforeEach
    void setUp() throws Exception {
        Path model = TestData.model("selfie_segmentation.tflite");
        video = Path.of("../samples/Megamind.avi").toAbsolutePath().normalize();
        TestInputs.require(Files.isRegularFile(video), "sample video not fetched: " + video + " (scripts/setup.sh)");
        config = dir.resolve("selfie.conf");
        Files.writeString(config, """
                vseg.models = "%s"
                include file("%s")
                """.formatted(model.getParent(), Path.of("../configs/selfie.conf").toAbsolutePath().normalize()));
    }

    private int vseg(String... args) {
        out.reset();
        err.reset();
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int run(Path output, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--config", config.toString(), "--input", video.toString(),
                "--output", output.toString(), "--max-frames", Integer.toString(FRAMES)));
        args.addAll(List.of(more));
        return vseg(args.toArray(String[]::new));
    }

    /** Turns a finished run into what a run killed while writing frame {@code cut} leaves behind. */
    private static void kill(Path output, int cut) throws Exception {
        List<String> trace = Files.readAllLines(output.resolve("trace.jsonl"));
        String torn = trace.get(cut).substring(0, trace.get(cut).length() / 2);
        Files.writeString(output.resolve("trace.jsonl"), String.join("\n", trace.subList(0, cut)) + "\n" + torn);
        for (int i = cut; i < FRAMES; i++) {
            Files.delete(output.resolve(String.format("labels/%05d.png", i)));
        }
        Files.writeString(output.resolve(String.format("labels/.%05d.png.k3x9.tmp", cut)), "half a PNG");
        Files.move(output.resolve("overlay.mp4"), output.resolve(".overlay.mp4.tmp"));
        Files.writeString(output.resolve("run.json"), Files.readString(output.resolve("run.json"))
                .replace("\"finished\": true", "\"finished\": false"));
    }

    @Test
    void aKilledRunResumedWritesWhatAnUninterruptedRunWrites() throws Exception {
        Path whole = dir.resolve("whole");
        Path resumed = dir.resolve("resumed");
        assertThat(run(whole)).as(err.toString()).isZero();
        assertThat(Files.readString(whole.resolve("run.json"))).contains("\"finished\": true");
        assertThat(run(resumed)).isZero();
        kill(resumed, 6);

        assertThat(run(resumed, "--resume")).as(err.toString()).isZero();

        // Every frame is a full key of the every-frame pipeline: it restarts at the last complete one.
        assertThat(err.toString()).contains("resuming: 6 frames were complete; restarting at frame 5");
        assertThat(list(resumed.resolve("labels"))).isEqualTo(list(whole.resolve("labels"))).hasSize(FRAMES);
        for (String png : list(whole.resolve("labels"))) {
            assertThat(Files.readAllBytes(resumed.resolve("labels").resolve(png))).as(png)
                    .isEqualTo(Files.readAllBytes(whole.resolve("labels").resolve(png)));
        }
        assertThat(plans(resumed)).isEqualTo(plans(whole)).hasSize(FRAMES);
        assertThat(Files.exists(resumed.resolve(".overlay.mp4.tmp"))).isFalse();
        assertThat(Files.size(resumed.resolve("overlay.mp4"))).isEqualTo(Files.size(whole.resolve("overlay.mp4")));
        assertThat(Files.readString(resumed.resolve("run.json"))).contains("\"finished\": true");
    }

    @Test
    void resumingAFinishedRunDoesNothing() throws Exception {
        Path output = dir.resolve("done");
        assertThat(run(output)).isZero();
        String trace = Files.readString(output.resolve("trace.jsonl"));
        List<String> labels = list(output.resolve("labels"));
        Files.delete(output.resolve("overlay.mp4"));
        assertThat(run(output, "--resume")).isZero();
        assertThat(out.toString()).contains("nothing to resume");
        // Nothing was run or written again: the trace's timings are those of the first run, no overlay came back.
        assertThat(Files.readString(output.resolve("trace.jsonl"))).isEqualTo(trace);
        assertThat(list(output.resolve("labels"))).isEqualTo(labels);
        assertThat(Files.exists(output.resolve("overlay.mp4"))).isFalse();
    }

    @Test
    void aRunOfAnotherConfigurationOrLengthIsNotResumedAndNothingIsTouched() throws Exception {
        Path output = dir.resolve("other");
        assertThat(run(output)).isZero();
        kill(output, 4);
        String trace = Files.readString(output.resolve("trace.jsonl"));
        String original = Files.readString(config);
        Files.writeString(config, original + "vseg.output.overlay-alpha = 0.3\n");

        assertThat(run(output, "--resume")).isEqualTo(1);
        assertThat(err.toString().strip()).doesNotContain("\n").contains(output.resolve("run.json").toString())
                .contains("the configuration differs");
        Files.writeString(config, original);
        assertThat(vseg("run", "--config", config.toString(), "--input", video.toString(), "--output",
                output.toString(), "--max-frames", "8", "--resume")).isEqualTo(1);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("--max-frames differs");
        assertThat(Files.readString(output.resolve("trace.jsonl"))).isEqualTo(trace);
        assertThat(Files.exists(output.resolve("labels/00004.png"))).isFalse();
    }

    @Test
    void aRunWhoseModelChangedSinceIsNotResumed() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        for (String name : List.of("selfie_segmentation.tflite", "selfie_segmentation_landscape.tflite")) {
            Files.copy(TestData.model(name), models.resolve(name));
        }
        Path model = models.resolve("selfie_segmentation.tflite");
        Files.writeString(config, Files.readString(config).replaceFirst("vseg.models = \".*\"",
                "vseg.models = \"" + models + "\""));
        Path output = dir.resolve("retrained");
        assertThat(run(output)).isZero();
        kill(output, 4);
        assertThat(Files.readString(output.resolve("run.json"))).contains("\"models\": ");
        byte[] bytes = Files.readAllBytes(model);
        Files.write(model, bytes); // the same model written again: the run resumes
        assertThat(run(output, "--resume")).isZero();
        kill(output, 4);
        String killed = Files.readString(output.resolve("trace.jsonl"));
        bytes[bytes.length - 1] ^= 1;
        Files.write(model, bytes);

        assertThat(run(output, "--resume")).isEqualTo(1);
        assertThat(err.toString().strip()).doesNotContain("\n").contains(output.resolve("run.json").toString())
                .contains("the model files the configuration names differ");
        assertThat(Files.readString(output.resolve("trace.jsonl"))).isEqualTo(killed);
    }

    @Test
    void aFolderWithoutARunIsOneLineNamingIt() {
        Path empty = dir.resolve("empty");
        assertThat(run(empty, "--resume")).isEqualTo(1);
        assertThat(err.toString().strip()).doesNotContain("\n").contains(empty + ": no run.json");
    }

    private static List<String> plans(Path output) throws Exception {
        return Files.readAllLines(output.resolve("trace.jsonl")).stream()
                .map(l -> l.substring(0, l.indexOf(",\"ms\""))).toList();
    }

    private static List<String> list(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
