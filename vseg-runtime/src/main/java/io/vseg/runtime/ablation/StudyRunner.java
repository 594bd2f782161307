package io.vseg.runtime.ablation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.vseg.api.io.AtomicFiles;
import io.vseg.runtime.bench.Evaluator;
import io.vseg.runtime.bench.MethodReport;
import io.vseg.runtime.config.Hashes;
import io.vseg.runtime.config.ConfigProblem;
import io.vseg.runtime.config.PipelineConfigLoader;
import io.vseg.runtime.config.PipelineSpec;
import io.vseg.runtime.dataset.Dataset;
import io.vseg.runtime.report.HtmlReport;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Runs a {@link Study}: each variant is evaluated over the dataset with the one protocol of
 * {@link io.vseg.runtime.bench.Benchmark}. A variant that fails is recorded with its error and the study goes
 * on. Each variant's row is saved as it finishes ({@code variants/<name>.json}, whole or not at all), with a key:
 * a SHA-256 of the variant's resolved configuration, of the model files it names ({@link Hashes#ofModels}), of the
 * code that runs it ({@link Hashes#ofCode}) and of the data and protocol (dataset, labels, sequences, warm-up,
 * frames, TC). A re-run skips the variants whose rows finished under the same key; a variant whose configuration,
 * models, code or data changed (an edited study, an edited base pipeline, a model retrained into the same folder,
 * an upgraded vseg or plugin) runs again, as do failed ones, and a
 * row file that cannot be read (a killed run's) is reported and its variant run again. The tables and the plot are
 * rewritten after every variant, so an interrupted study still shows what it has.
 */
public final class StudyRunner {
    private final PipelineConfigLoader loader;
    private final Evaluator evaluator;

    @Inject
    public StudyRunner(PipelineConfigLoader loader, Evaluator evaluator) {
        this.loader = loader;
        this.evaluator = evaluator;
    }

    /** Told about progress. */
    public interface Listener {
        /** A variant starts ({@code skipped}: its earlier result is reused); returns a frame counter for it. */
        IntConsumer started(int index, int count, Variant variant, boolean skipped);

        /** Why a saved row is not reused, in one line (a stale or unreadable row). */
        default void warning(String line) {
        }

        void finished(ResultRow row);
    }

    public List<ResultRow> run(Study study, Path out, Listener listener) throws IOException {
        Path rowsDir = Files.createDirectories(out.resolve("variants"));
        // What a killed run left half written (rows, tables) goes: each is written again whole.
        AtomicFiles.removeLeftovers(out);
        AtomicFiles.removeLeftovers(rowsDir);
        if (!Files.isRegularFile(study.pipeline())) {
            throw new ConfigProblem(study.file() + ": study.pipeline: no such file " + study.pipeline());
        }
        Dataset dataset = study.openDataset();
        Config base = loader.parse(study.pipeline());
        List<ResultRow> rows = new ArrayList<>();
        List<Variant> variants = study.variants();
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            Path saved = rowsDir.resolve(v.slug() + ".json");
            Config config = v.apply(base);
            String key = key(study, dataset.sequences(), config, contents(config));
            ResultRow row = null;
            boolean skip = false;
            if (Files.isRegularFile(saved)) {
                try {
                    ResultRow.Saved earlier = ResultRow.read(saved);
                    skip = earlier.row().ok() && earlier.key().equals(key);
                    row = earlier.row();
                    if (earlier.row().ok() && !skip) {
                        listener.warning("variant " + v.name() + ": its configuration, models, code or data changed "
                                + "since " + saved + " was saved: running it again");
                    }
                } catch (IOException e) {
                    listener.warning(e.getMessage() + ": running variant " + v.name() + " again");
                }
            }
            IntConsumer frames = listener.started(i, variants.size(), v, skip);
            if (!skip) {
                try {
                    Evaluator.Outcome outcome = evaluator.evaluate(config, study.file() + " [" + v.name() + "]",
                            dataset, study.warmup(), study.maxFrames(), study.tc(), frames);
                    MethodReport m = outcome.methods().get(1);
                    Map<String, Double> extra = new LinkedHashMap<>();
                    if (study.subset() != null) {
                        // As the overall J: a sequence without one (no labels) is skipped, not NaN for all.
                        extra.put(study.subset().column(), m.sequences().entrySet().stream()
                                .filter(e -> study.subset().sequences().contains(e.getKey()))
                                .mapToDouble(e -> e.getValue().j()).filter(j -> !Double.isNaN(j)).average()
                                .orElse(Double.NaN));
                    }
                    row = ResultRow.of(v.name(), m, outcome.spec().threads(), extra);
                } catch (RuntimeException e) {
                    row = ResultRow.failed(v.name(), failure(e));
                }
                row.write(saved, key);
            }
            rows.add(row);
            listener.finished(row);
            writeReports(study, out, rows);
        }
        return rows;
    }

    /** A variant's failure on one line: its message (an unchecked I/O error's cause's), else its type. */
    private static String failure(RuntimeException e) {
        Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName()
                : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * The contents of the model files a variant's components read ({@link Hashes#ofModels}) and of the code that
     * runs them ({@link Hashes#ofCode}), or "" when its configuration does not load (the evaluation then fails and
     * reports why; a failed row always runs again).
     */
    private String contents(Config config) {
        try {
            PipelineSpec spec = loader.load(config, "variant");
            return Hashes.ofModels(spec) + "\n" + Hashes.ofCode(spec);
        } catch (RuntimeException e) {
            return "";
        }
    }

    /**
     * What a variant's row was measured on: its configuration, resolved where it can be (so that a changed
     * environment variable such as {@code VSEG_ZOO} counts), the contents of the model files its components read and
     * of the code that runs them ({@code contents}), and the study's data and protocol: the dataset's path and the
     * sequences opened from it ({@code sequences = []} takes every one the folder has), not the frames' contents.
     */
    static String key(Study study, List<String> sequences, Config config, String contents) {
        Config resolved;
        try {
            resolved = config.resolve();
        } catch (ConfigException e) {
            resolved = config; // the evaluation reports what does not resolve; the key takes the text as it is
        }
        String text = Hashes.ofConfig(resolved) + "\n" + contents
                + "\n" + study.dataset().toAbsolutePath().normalize()
                + "\n" + (study.labels() == null ? "" : study.labels().toAbsolutePath().normalize())
                + "\n" + study.voidLabel() + "\n" + sequences + "\n" + study.warmup() + "\n"
                + study.maxFrames() + "\n" + study.tc() + "\n" + (study.subset() == null ? "" : study.subset());
        return Hashes.sha256(text);
    }

    private static void writeReports(Study study, Path out, List<ResultRow> rows) throws IOException {
        AtomicFiles.writeString(out.resolve("results.csv"), ResultsTable.csv(rows));
        Optional<BudgetMatch.Matched> matched = BudgetMatch.match(study, rows);
        String markdown = ResultsTable.markdown(study.name() + " on " + study.dataset().getFileName(), rows)
                + matched.map(m -> BudgetMatch.markdown(study, m)).orElse("");
        AtomicFiles.writeString(out.resolve("results.md"), markdown);
        // A file this run does not make goes: an earlier run's would stand beside tables it no longer matches.
        if (matched.isPresent()) {
            AtomicFiles.writeString(out.resolve("matched.csv"), BudgetMatch.csv(study, matched.get()));
        } else {
            Files.deleteIfExists(out.resolve("matched.csv"));
        }
        List<ParetoPlot.Point> points = rows.stream().filter(ResultRow::ok)
                .filter(r -> !Double.isNaN(r.value(study.plotY())))
                .map(r -> new ParetoPlot.Point(r.variant(), r.value(study.plotX()), r.value(study.plotY())))
                .toList();
        if (!points.isEmpty()) {
            String xLabel = switch (study.plotX()) {
                case "segmented_area" -> "share of each frame's area segmented afresh";
                case "key_share" -> "share of frames with fresh network compute";
                default -> "speedup over every-frame inference (same run)";
            };
            String title = study.plotXIsCost() ? study.plotY() + " against " + study.plotX()
                    : "speed against " + study.plotY();
            ParetoPlot.write(out.resolve("plot.png"), study.name() + ": " + title, xLabel, study.plotY(), points,
                    study.plotXIsCost(), study.compare() == null ? null : study.compare().reference());
        } else {
            Files.deleteIfExists(out.resolve("plot.png"));
        }
        // The same tables and the plot in one page to open in a browser.
        List<HtmlReport.Figure> figures = Files.isRegularFile(out.resolve("plot.png"))
                ? List.of(new HtmlReport.Figure(study.plotY() + " against " + study.plotX() + " (plot.png)",
                Files.readAllBytes(out.resolve("plot.png")))) : List.of();
        AtomicFiles.writeString(out.resolve("report.html"), HtmlReport.page("vseg ablate: " + study.name(), List.of(
                "study: `" + study.file() + "`", "pipeline: `" + study.pipeline() + "`",
                "dataset: `" + study.dataset() + "`" + (study.sequences().isEmpty() ? ""
                        : " (" + String.join(", ", study.sequences()) + ")"),
                "every variant against every-frame inference in the same run; warm-up " + study.warmup()
                        + " frames; results.csv has every column"), markdown, figures));
    }
}
