package io.vseg.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.vseg.api.Frame;
import io.vseg.runtime.TestData;
import io.vseg.runtime.config.PipelineConfigLoader;
import io.vseg.runtime.pipeline.Pipeline;
import io.vseg.runtime.pipeline.PipelineFactory;
import io.vseg.runtime.plugin.PluginRegistry;
import io.vseg.runtime.video.Davis;
import io.vseg.runtime.video.ImageFolderSource;
import io.vseg.runtime.video.LabelPngs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vseg eval}, {@code bench}, {@code profile} and {@code ablate} as a user runs them, in this process on a
 * few frames: what they write (JSON, Markdown, CSV), checked against figures computed here by other means.
 */
class MeasureCommandsTest {
    private static final Path FIXTURE = Path.of("src/test/resources/onnx").toAbsolutePath();
    /** The void label of the label folder, and its square in the top-left corner of every label image. */
    private static final int VOID = 255;
    private static final int VOID_SIDE = 120;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int vseg(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /**
     * A folder of four DAVIS frames and a folder of class-index labels (the person annotation as class 1, a void
     * square) matched by frame name: frame 00002 has none, and 00009 labels no frame.
     */
    @Test
    void evalWithALabelFolderScoresClassMiouOverTheLabelledFramesWithoutTheVoid() throws Exception {
        Path selfie = selfieConfig(dir.resolve("selfie.conf"), true);
        Path frames = Files.createDirectories(dir.resolve("frames"));
        Path labels = Files.createDirectories(dir.resolve("labels"));
        Path davis = TestData.davis();
        for (int i = 0; i < 4; i++) {
            String name = String.format("%05d", 30 + i);
            Files.copy(Davis.images(davis, "dance-twirl").resolve(name + ".jpg"), frames.resolve(String.format("%05d.jpg", i)));
            if (i != 2) {
                writeLabels(Davis.annotations(davis, "dance-twirl").resolve(name + ".png"),
                        labels.resolve(String.format("%05d.png", i)));
            }
        }
        writeLabels(Davis.annotations(davis, "dance-twirl").resolve("00000.png"), labels.resolve("00009.png"));

        assertThat(vseg("eval", "--config", selfie.toString(), "--dataset", frames.toString(), "--labels",
                labels.toString(), "--void", String.valueOf(VOID), "--warmup", "1", "--output",
                dir.resolve("eval").toString())).as(err()).isZero();

        // The class IoUs by hand: the pipeline's labels against the label files of frames 0, 1 and 3.
        long[][] counts = new long[2][2];
        PipelineConfigLoader loader = new PipelineConfigLoader(PluginRegistry.discover(null));
        try (Pipeline pipeline = new PipelineFactory().create(loader.load(loader.parse(selfie), "selfie"));
             ImageFolderSource source = new ImageFolderSource(frames)) {
            for (Optional<Frame> f = source.next(); f.isPresent(); f = source.next()) {
                int[] predicted = pipeline.process(f.get()).segmentation().labels();
                Path png = labels.resolve(source.frameName(f.get().index()) + ".png");
                if (!Files.exists(png)) {
                    continue;
                }
                int[] truth = LabelPngs.read(png).values();
                for (int p = 0; p < truth.length; p++) {
                    if (truth[p] != VOID) {
                        counts[truth[p]][predicted[p]]++;
                    }
                }
            }
        }
        double background = (double) counts[0][0] / (counts[0][0] + counts[0][1] + counts[1][0]);
        double person = (double) counts[1][1] / (counts[1][1] + counts[1][0] + counts[0][1]);
        assertThat(person).isBetween(0.3, 0.95);

        Config json = ConfigFactory.parseFile(dir.resolve("eval/eval.json").toFile());
        Config method = json.getConfigList("methods").get(1);
        assertThat(method.getDouble("miou")).isCloseTo((background + person) / 2, within(1e-4));
        assertThat(method.getDouble("classes.person.iou")).isCloseTo(person, within(1e-4));
        assertThat(method.getDouble("classes.background.iou")).isCloseTo(background, within(1e-4));
        assertThat(method.getInt("per_sequence.frames.frames")).isEqualTo(4);
        assertThat(method.getIsNull("j")).isTrue();
        String md = Files.readString(dir.resolve("eval/eval.md"));
        assertThat(md).contains(String.format(Locale.ROOT, "| frames | every-frame+copy | 4 | 3 | 1.000 |"))
                .contains("| class | every-frame agreement | every-frame+copy agreement | every-frame IoU |")
                .contains(String.format(Locale.ROOT, "| person | 1.000 | 1.000 | %.3f | %.3f |", person, person));
        // The same tables as a page: the class row's cells, numbers aligned as numbers.
        assertThat(Files.readString(dir.resolve("eval/eval.html"))).contains(String.format(Locale.ROOT,
                "<td>person</td><td class=\"num\">1.000</td><td class=\"num\">1.000</td><td class=\"num\">%.3f</td>",
                person));
    }

    /**
     * {@code --baseline}: the square selfie model alone against configs/selfie.conf (which runs the landscape one on
     * these 16:9 frames), both every frame: agreement below 1, the baseline's row named after its file.
     */
    @Test
    void benchAgainstAnotherConfigurationsEveryFrameInference() throws Exception {
        Path selfie = selfieConfig(dir.resolve("selfie.conf"), true);
        Path square = selfieConfig(dir.resolve("square.conf"), false);
        Path frames = Files.createDirectories(dir.resolve("frames"));
        for (int i = 0; i < 3; i++) {
            Files.copy(Davis.images(TestData.davis(), "dance-twirl").resolve(String.format("%05d.jpg", i)),
                    frames.resolve(String.format("%05d.jpg", i)));
        }
        assertThat(vseg("bench", "--config", square.toString(), "--baseline", selfie.toString(), "--input",
                frames.toString(), "--warmup", "1", "--output", dir.resolve("bench").toString())).as(err()).isZero();

        Config json = ConfigFactory.parseFile(dir.resolve("bench/bench.json").toFile());
        List<? extends Config> methods = json.getConfigList("methods");
        assertThat(methods).extracting(m -> m.getString("name"))
                .containsExactly("every-frame (" + selfie + ")", "every-frame+copy");
        double agreement = methods.get(1).getDouble("agreement_miou");
        assertThat(agreement).isBetween(0.5, 0.99);
        assertThat(methods.get(0).getDouble("agreement_miou")).isEqualTo(1.0);
        assertThat(methods.get(1).getDouble("key_share")).isEqualTo(1.0);
        assertThat(json.getInt("warmup_frames")).isEqualTo(1);
        String md = Files.readString(dir.resolve("bench/bench.md"));
        assertThat(md).startsWith(square + " on 1 sequence(s), 3 frames;")
                .contains("| every-frame (" + selfie + ") |")
                .containsPattern("\\| every-frame\\+copy \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| "
                        + "1\\.00 \\| 1\\.00 \\| 1\\.000 \\| [0-9.]+x \\| [0-9.]+x \\| -?[0-9]+% \\| [0-9.]+ \\| - \\| - \\| - \\|");
        String row = md.lines().filter(l -> l.startsWith("| every-frame+copy | ")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(row.split(" \\| ")[12])).as("the table's agreement").isCloseTo(agreement, within(6e-4));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("wrote " + dir.resolve("bench/bench.json"));
    }

    @Test
    void profileWritesARowForTheFullPassAndEveryStage() throws Exception {
        Path config = dir.resolve("staged.conf");
        Files.writeString(config, """
                vseg.pipeline.extractor {
                  type = onnx, input-width = 32, input-height = 32, output-kind = logits
                  stages = [
                    { name = stage1, model = "%1$s/staged-stage1.onnx" }
                    { name = stage2, model = "%1$s/staged-stage2.onnx" }
                    { name = logits, model = "%1$s/staged-logits.onnx" }
                  ]
                }
                """.formatted(FIXTURE));
        Path frames = noiseFrames(4);
        assertThat(vseg("profile", "--config", config.toString(), "--input", frames.toString(), "--warmup", "1",
                "--output", dir.resolve("profile").toString())).as(err()).isZero();
        String md = Files.readString(dir.resolve("profile/profile.md"));
        assertThat(md).startsWith(config + ", 3 timed frames of 48x40; ");
        List<String> rows = md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| stage ")).toList();
        assertThat(rows).extracting(l -> l.split(" \\| ")[0].substring(2))
                .containsExactly("full (logits from the image)", "stage1", "stage2", "logits");
        assertThat(rows.get(0)).endsWith("| 100% |");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("wrote " + dir.resolve("profile/profile.md"));

        // Warm-up that leaves no frame to time is a usage error naming the option.
        err.reset();
        assertThat(vseg("profile", "--config", config.toString(), "--input", frames.toString(), "--warmup", "4"))
                .isEqualTo(2);
        assertThat(err()).contains("--max-frames").contains("4 warm-up frames");
    }

    @Test
    void ablateWritesOneRowPerVariantToCsvAndMarkdown() throws Exception {
        Files.writeString(dir.resolve("pipeline.conf"), """
                vseg.pipeline.extractor {
                  type = onnx, model = "%s", input-width = 32, input-height = 32, output-kind = logits
                }
                vseg.pipeline.flow { type = opencv-dis, preset = ultrafast }
                """.formatted(FIXTURE.resolve("staged-full.onnx")));
        noiseFrames(3);
        Path study = dir.resolve("study.conf");
        Files.writeString(study, """
                study {
                  name = cli
                  pipeline = pipeline.conf
                  dataset { path = noise }
                  warmup = 0
                  tc = false
                  grid { "vseg.pipeline.flow.preset" = [ultrafast, fast] }
                }
                """);
        Path output = dir.resolve("ablation");
        assertThat(vseg("ablate", "--study", study.toString(), "--output", output.toString())).as(err()).isZero();

        List<String> csv = Files.readAllLines(output.resolve("results.csv"));
        assertThat(csv.get(0)).startsWith("variant,status,speedup,agreement,").endsWith(",error");
        List<String> columns = List.of(csv.get(0).split(","));
        assertThat(csv).hasSize(3);
        for (int i = 1; i < 3; i++) {
            String[] row = csv.get(i).split(",", -1);
            assertThat(row[0]).isEqualTo(i == 1 ? "preset=ultrafast" : "preset=fast");
            assertThat(row[1]).isEqualTo("ok");
            assertThat(row[columns.indexOf("agreement")]).isEqualTo("1.0000");
            assertThat(row[columns.indexOf("frames")]).isEqualTo("3.0000");
            assertThat(row[columns.indexOf("key_share")]).isEqualTo("1.0000");
            assertThat(row[columns.indexOf("error")]).isEmpty();
        }
        String md = Files.readString(output.resolve("results.md"));
        assertThat(md).contains("| preset=ultrafast | ok |").contains("| preset=fast | ok |");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("| preset=fast | ok |");
        assertThat(output.resolve("plot.png")).isRegularFile();
        assertThat(err()).contains("[1/2] preset=ultrafast").contains("[2/2] preset=fast");
    }

    /** {@code n} frames of noise, 48x40, as PNG files in {@code noise/}. */
    private Path noiseFrames(int n) throws Exception {
        Path frames = Files.createDirectories(dir.resolve("noise"));
        Random random = new Random(7);
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 40; y++) {
                for (int x = 0; x < 48; x++) {
                    img.setRGB(x, y, random.nextInt(0xFFFFFF));
                }
            }
            ImageIO.write(img, "png", frames.resolve(String.format("%05d.png", i)).toFile());
        }
        return frames;
    }

    /** A DAVIS mask (0 / 255) as class indices, person 1, with the void square in the top-left corner. */
    private static void writeLabels(Path annotation, Path png) throws Exception {
        LabelPngs.LabelImage mask = LabelPngs.read(annotation);
        BufferedImage img = new BufferedImage(mask.width(), mask.height(), BufferedImage.TYPE_BYTE_GRAY);
        for (int p = 0; p < mask.values().length; p++) {
            int x = p % mask.width();
            int y = p / mask.width();
            int label = x < VOID_SIDE && y < VOID_SIDE ? VOID : mask.values()[p] > 127 ? 1 : 0;
            img.getRaster().setSample(x, y, 0, label);
        }
        ImageIO.write(img, "png", png.toFile());
    }

    /** configs/selfie.conf with the fetched models; without {@code variants}, the square model alone. */
    private static Path selfieConfig(Path file, boolean variants) throws Exception {
        Path model = TestData.model("selfie_segmentation.tflite");
        Files.writeString(file, """
                vseg.models = "%s"
                include file("%s")
                %s
                """.formatted(model.getParent(), Path.of("../configs/selfie.conf").toAbsolutePath().normalize(),
                variants ? "" : "vseg.pipeline.extractor.variants = []"));
        return file;
    }
}
