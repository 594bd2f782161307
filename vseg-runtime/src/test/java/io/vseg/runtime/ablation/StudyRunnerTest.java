package io.vseg.runtime.ablation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vseg.runtime.bench.Evaluator;
import io.vseg.runtime.config.ConfigProblem;
import io.vseg.runtime.config.PipelineConfigLoader;
import io.vseg.runtime.pipeline.PipelineFactory;
import io.vseg.runtime.plugin.PluginRegistry;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study end to end on a small generated clip with the staged ONNX fixture network (no data or model
 * downloads needed): a broken variant is recorded and the study goes on; a second run skips what finished.
 */
class StudyRunnerTest {
    private static final Path FIXTURE = Path.of("src/test/resources/onnx").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void aBrokenVariantIsRecordedAndARerunSkipsFinishedVariants() throws Exception {
        Path frames = Files.createDirectories(dir.resolve("clip"));
        Random random = new Random(3);
        for (int i = 0; i < 4; i++) {
            BufferedImage img = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 40; y++) {
                for (int x = 0; x < 48; x++) {
                    img.setRGB(x, y, random.nextInt(0xFFFFFF));
                }
            }
            ImageIO.write(img, "png", frames.resolve(String.format("%05d.png", i)).toFile());
        }
        Path pipeline = dir.resolve("pipeline.conf");
        Files.writeString(pipeline, """
                vseg.pipeline.extractor {
                  type = onnx, model = "%s", input-width = 32, input-height = 32, output-kind = logits
                }
                vseg.pipeline.flow { type = opencv-dis, preset = ultrafast }
                """.formatted(FIXTURE.resolve("staged-full.onnx")));
        Path studyFile = dir.resolve("study.conf");
        Files.writeString(studyFile, """
                study {
                  name = tiny
                  pipeline = pipeline.conf
                  dataset { path = clip }
                  warmup = 1
                  variants = [
                    { name = every-frame, set { "vseg.pipeline.scheduler" { type = every-frame } } }
                    { name = broken, set { "vseg.pipeline.extractor.model" = "/no/such/model.onnx" } }
                  ]
                  grid { "vseg.pipeline.flow.preset" = [ultrafast, fast] }
                }
                """);
        Study study = Study.read(studyFile);
        assertThat(study.variants()).extracting(Variant::name)
                .containsExactly("every-frame", "broken", "preset=ultrafast", "preset=fast");

        PipelineConfigLoader loader = new PipelineConfigLoader(PluginRegistry.discover(null));
        StudyRunner runner = new StudyRunner(loader, new Evaluator(loader, new PipelineFactory()));
        Path out = dir.resolve("out");
        List<String> skipped = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        StudyRunner.Listener listener = new StudyRunner.Listener() {
            @Override
            public IntConsumer started(int index, int count, Variant variant, boolean skip) {
                (skip ? skipped : ran).add(variant.name());
                return done -> { };
            }

            @Override
            public void warning(String line) {
                warnings.add(line);
            }

            @Override
            public void finished(ResultRow row) {
            }
        };

        List<ResultRow> first = runner.run(study, out, listener);

        assertThat(first).extracting(ResultRow::ok).containsExactly(true, false, true, true);
        assertThat(first.get(1).error()).contains("vseg.pipeline.extractor.model").contains("/no/such/model.onnx");
        assertThat(first.get(0).value("agreement")).isEqualTo(1.0);
        assertThat(first.get(0).value("frames")).isEqualTo(4.0);
        assertThat(skipped).isEmpty();
        String csv = Files.readString(out.resolve("results.csv"));
        assertThat(csv.lines()).hasSize(5);
        assertThat(csv).contains("broken,failed").contains("/no/such/model.onnx");
        assertThat(Files.readString(out.resolve("results.md"))).contains("| broken | failed:");
        assertThat(ImageIO.read(out.resolve("plot.png").toFile()).getWidth()).isEqualTo(1000);
        // The page to open: every variant's row, the failure said, the plot inside it.
        String report = Files.readString(out.resolve("report.html"));
        assertThat(report).contains("<td>every-frame</td>", "<td>broken</td>", "<td>preset=ultrafast</td>",
                "<td>preset=fast</td>", "/no/such/model.onnx").contains(java.util.Base64.getEncoder()
                .encodeToString(Files.readAllBytes(out.resolve("plot.png"))));

        List<ResultRow> second = runner.run(study, out, listener);

        assertThat(skipped).containsExactly("every-frame", "preset=ultrafast", "preset=fast");
        assertThat(second.get(0).variant()).isEqualTo("every-frame");
        // The saved rows read back to the same doubles: the resumed study's tables are the first run's.
        assertThat(second.get(0).value("speedup")).isEqualTo(first.get(0).value("speedup"));
        assertThat(Files.readString(out.resolve("results.csv"))).isEqualTo(csv);
        assertThat(second.get(1).ok()).isFalse();
        assertThat(warnings).isEmpty();

        // One variant edited, one row file cut short by a killed run: exactly those two run again (and the
        // failed one, as always), each stale or unreadable row said in one line.
        Files.writeString(studyFile, Files.readString(studyFile).replace(
                "{ name = every-frame, set { \"vseg.pipeline.scheduler\" { type = every-frame } } }",
                "{ name = every-frame, set { \"vseg.pipeline.scheduler\" { type = every-frame }, "
                        + "\"vseg.runtime.threads\" = 1 } }"));
        Path preset = out.resolve("variants/preset=fast.json");
        Files.writeString(preset, Files.readString(preset).substring(0, 40));
        skipped.clear();
        ran.clear();

        List<ResultRow> third = runner.run(Study.read(studyFile), out, listener);

        assertThat(ran).containsExactly("every-frame", "broken", "preset=fast");
        assertThat(skipped).containsExactly("preset=ultrafast");
        assertThat(third).extracting(ResultRow::ok).containsExactly(true, false, true, true);
        assertThat(third.get(0).value("threads")).isEqualTo(1.0);
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains("variant every-frame")
                .contains("configuration, models, code or data changed");
        assertThat(warnings.get(1)).contains(preset.toString()).contains("not a saved result row")
                .contains("running variant preset=fast again");
        assertThat(warnings).allSatisfy(w -> assertThat(w).doesNotContain("\n"));
    }

    @Test
    void aSavedRowThatIsNotOneIsRunAgainAndWrittenAnew() throws Exception {
        Study study = Study.read(tinyStudy());
        Path out = dir.resolve("out");
        Path saved = Files.createDirectories(out.resolve("variants")).resolve("every-frame.json");
        // a run stopped while writing it
        Files.writeString(saved, "{\"variant\": \"every-frame\", \"ok\": tr");

        List<ResultRow> rows = runner().run(study, out, quiet());

        assertThat(rows).singleElement().satisfies(r -> assertThat(r.ok()).isTrue());
        assertThat(ResultRow.read(saved).row().ok()).isTrue();
    }

    @Test
    void aSequenceAddedToADatasetOfAllItsSequencesRunsTheStudyAgain() throws Exception {
        Path study = tinyStudy();
        Path root = dir.resolve("davis");
        davisSequence(root, "one");
        Path file = Files.writeString(dir.resolve("davis.conf"), Files.readString(study)
                .replace("dataset { path = clip }", "dataset { path = davis, sequences = [] }"));
        Path out = dir.resolve("out");
        List<Boolean> skips = new ArrayList<>();
        StudyRunner.Listener listener = skipsInto(skips);

        runner().run(Study.read(file), out, listener);
        runner().run(Study.read(file), out, listener);
        davisSequence(root, "two");
        List<ResultRow> rows = runner().run(Study.read(file), out, listener);

        assertThat(skips).containsExactly(false, true, false);
        assertThat(rows.get(0).value("frames")).isEqualTo(4.0);
    }

    @Test
    void aSubsetSequenceTheDatasetDoesNotHaveIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("subset.conf"), Files.readString(tinyStudy())
                .replace("warmup = 0", "warmup = 0\n  subset { name = person, sequences = [clip, dance-twril] }"));
        assertThatThrownBy(() -> runner().run(Study.read(file), dir.resolve("out"), quiet()))
                .isInstanceOf(ConfigProblem.class)
                .hasMessage(file + ": study.subset.sequences: dance-twril not among the sequences the study runs [clip]");
    }

    /** A DAVIS sequence {@code name} of two 48x40 frames under {@code root}, without annotations. */
    private static void davisSequence(Path root, String name) throws IOException {
        Path frames = Files.createDirectories(root.resolve("JPEGImages/480p").resolve(name));
        Files.createDirectories(root.resolve("Annotations/480p").resolve(name));
        for (int i = 0; i < 2; i++) {
            ImageIO.write(new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB), "jpg",
                    frames.resolve(String.format("%05d.jpg", i)).toFile());
        }
    }

    @Test
    void aPlotOrMatchedTableThisRunDoesNotMakeIsNotLeftFromAnEarlierOne() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("plot.png"), "an earlier run's");
        Files.writeString(out.resolve("matched.csv"), "an earlier run's");
        // TC is off, so no variant has a y to plot; no compare block, so nothing is matched.
        Path study = Files.writeString(dir.resolve("tc.conf"), Files.readString(tinyStudy())
                .replace("warmup = 0", "warmup = 0, plot-y = tc"));

        runner().run(Study.read(study), out, quiet());

        assertThat(out.resolve("results.csv")).isRegularFile();
        assertThat(out.resolve("plot.png")).doesNotExist();
        assertThat(out.resolve("matched.csv")).doesNotExist();
    }

    @Test
    void aModelRewrittenInPlaceRunsItsVariantAgainAndTheSameBytesDoNot() throws Exception {
        Path study = tinyStudy();
        Path model = Files.copy(FIXTURE.resolve("staged-full.onnx"), dir.resolve("model.onnx"));
        Path pipeline = dir.resolve("pipeline.conf");
        Files.writeString(pipeline, Files.readString(pipeline).replace(FIXTURE.resolve("staged-full.onnx").toString(),
                model.toString()));
        Path out = dir.resolve("out");
        List<Boolean> skips = new ArrayList<>();
        StudyRunner.Listener listener = skipsInto(skips);
        byte[] bytes = Files.readAllBytes(model);

        runner().run(Study.read(study), out, listener);
        Files.write(model, bytes); // written again, the same model
        runner().run(Study.read(study), out, listener);
        bytes[bytes.length - 1] ^= 1; // "retrained" into the same file: the configuration's text is unchanged
        Files.write(model, bytes);
        runner().run(Study.read(study), out, listener);

        assertThat(skips).containsExactly(false, true, false);
    }

    @Test
    void aMissingPipelineOrDatasetIsNamedWithTheStudy() throws Exception {
        Path file = tinyStudy();
        Path noPipeline = Files.writeString(dir.resolve("no-pipeline.conf"),
                Files.readString(file).replace("pipeline = pipeline.conf", "pipeline = nope.conf"));
        assertThatThrownBy(() -> runner().run(Study.read(noPipeline), dir.resolve("out"), quiet()))
                .isInstanceOf(ConfigProblem.class)
                .hasMessage(noPipeline + ": study.pipeline: no such file " + dir.resolve("nope.conf"));
        Path noData = Files.writeString(dir.resolve("no-data.conf"),
                Files.readString(file).replace("path = clip", "path = nope"));
        assertThatThrownBy(() -> runner().run(Study.read(noData), dir.resolve("out"), quiet()))
                .isInstanceOf(ConfigProblem.class)
                .hasMessage(noData + ": study.dataset: " + dir.resolve("nope") + ": no such dataset file or folder");
    }

    /** A study of one every-frame variant over two random frames, with the staged ONNX fixture. */
    private Path tinyStudy() throws Exception {
        Path frames = Files.createDirectories(dir.resolve("clip"));
        Random random = new Random(4);
        for (int i = 0; i < 2; i++) {
            BufferedImage img = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
            img.setRGB(0, 0, 48, 40, random.ints(48 * 40, 0, 0xFFFFFF).toArray(), 0, 48);
            ImageIO.write(img, "png", frames.resolve(String.format("%05d.png", i)).toFile());
        }
        Files.writeString(dir.resolve("pipeline.conf"), """
                vseg.pipeline.extractor {
                  type = onnx, model = "%s", input-width = 32, input-height = 32, output-kind = logits
                }
                """.formatted(FIXTURE.resolve("staged-full.onnx")));
        return Files.writeString(dir.resolve("study.conf"), """
                study {
                  pipeline = pipeline.conf
                  dataset { path = clip }
                  warmup = 0, tc = false
                  variants = [ { name = every-frame } ]
                }
                """);
    }

    private static StudyRunner runner() {
        PipelineConfigLoader loader = new PipelineConfigLoader(PluginRegistry.discover(null));
        return new StudyRunner(loader, new Evaluator(loader, new PipelineFactory()));
    }

    /** A listener that adds, for each variant started, whether it was skipped. */
    private static StudyRunner.Listener skipsInto(List<Boolean> skips) {
        return new StudyRunner.Listener() {
            @Override
            public IntConsumer started(int index, int count, Variant variant, boolean skipped) {
                skips.add(skipped);
                return done -> { };
            }

            @Override
            public void finished(ResultRow row) {
            }
        };
    }

    private static StudyRunner.Listener quiet() {
        return new StudyRunner.Listener() {
            @Override
            public IntConsumer started(int index, int count, Variant variant, boolean skipped) {
                return done -> { };
            }

            @Override
            public void finished(ResultRow row) {
            }
        };
    }

    @Test
    void theParetoFrontKeepsOnlyUndominatedPoints() {
        var a = new ParetoPlot.Point("a", 1, 1.0);
        var b = new ParetoPlot.Point("b", 2, 0.9);
        var c = new ParetoPlot.Point("c", 1.5, 0.8);
        var d = new ParetoPlot.Point("d", 3, 0.85);
        assertThat(ParetoPlot.front(List.of(a, b, c, d))).containsExactly(a, b, d);
        // Where x is a cost (the share segmented), less is better: e (least) and a (most accurate) make the front.
        var e = new ParetoPlot.Point("e", 0.5, 0.7);
        assertThat(ParetoPlot.front(List.of(a, b, c, d, e), true)).containsExactly(e, a);
    }

    @Test
    void theReferenceOfACompareIsMarkedOnThePlot() throws Exception {
        List<ParetoPlot.Point> points = List.of(new ParetoPlot.Point("dff", 0.2, 0.82),
                new ParetoPlot.Point("t=0.88", 0.19, 0.84), new ParetoPlot.Point("t=0.9", 0.25, 0.86));
        ParetoPlot.write(dir.resolve("plain.png"), "t", "x", "y", points, true);
        ParetoPlot.write(dir.resolve("marked.png"), "t", "x", "y", points, true, "dff");
        // The dashed lines through the reference's x and y: hundreds of pixels of their purple, none without.
        assertThat(pixels(dir.resolve("plain.png"), ParetoPlot.REFERENCE_LINE)).isZero();
        assertThat(pixels(dir.resolve("marked.png"), ParetoPlot.REFERENCE_LINE)).isGreaterThan(300);
    }

    private static int pixels(Path png, java.awt.Color colour) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += (img.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF) ? 1 : 0;
            }
        }
        return n;
    }
}
