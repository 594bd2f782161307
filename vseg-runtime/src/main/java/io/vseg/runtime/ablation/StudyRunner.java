package io.vseg.runtime.ablation;

import com.typesafe.config.Config;
import io.vseg.runtime.bench.Evaluator;
import io.vseg.runtime.bench.MethodReport;
import io.vseg.runtime.config.ConfigProblem;
import io.vseg.runtime.config.PipelineConfigLoader;
import io.vseg.runtime.dataset.Dataset;
import io.vseg.runtime.dataset.Datasets;
import jakarta.inject.Inject;
import java.io.IOException;
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
 * on. Each variant's row is saved as it finishes ({@code variants/<name>.json}); a re-run skips the variants
 * whose rows say they finished (failed ones are tried again). The tables and the plot are rewritten after
 * every variant, so an interrupted study still shows what it has.
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

        void finished(ResultRow row);
    }

    public List<ResultRow> run(Study study, Path out, Listener listener) throws IOException {
        Path rowsDir = Files.createDirectories(out.resolve("variants"));
        if (!Files.isRegularFile(study.pipeline())) {
            throw new ConfigProblem(study.file() + ": study.pipeline: no such file " + study.pipeline());
        }
        Dataset dataset;
        try {
            dataset = Datasets.open(study.dataset(), study.labels(), study.voidLabel(), study.sequences());
        } catch (IllegalArgumentException e) {
            throw new ConfigProblem(study.file() + ": study.dataset: " + e.getMessage(), e);
        }
        Config base = loader.parse(study.pipeline());
        List<ResultRow> rows = new ArrayList<>();
        List<Variant> variants = study.variants();
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            Path saved = rowsDir.resolve(v.slug() + ".json");
            ResultRow row = Files.isRegularFile(saved) ? saved(saved) : null;
            boolean skip = row != null && row.ok();
            IntConsumer frames = listener.started(i, variants.size(), v, skip);
            if (!skip) {
                try {
                    Evaluator.Outcome outcome = evaluator.evaluate(v.apply(base), study.file() + " [" + v.name() + "]",
                            dataset, study.warmup(), study.maxFrames(), study.tc(), frames);
                    MethodReport m = outcome.methods().get(1);
                    Map<String, Double> extra = new LinkedHashMap<>();
                    if (study.subset() != null) {
                        extra.put(study.subset().column(), m.sequences().entrySet().stream()
                                .filter(e -> study.subset().sequences().contains(e.getKey()))
                                .mapToDouble(e -> e.getValue().j()).average().orElse(Double.NaN));
                    }
                    row = ResultRow.of(v.name(), m, outcome.spec().threads(), extra);
                } catch (RuntimeException e) {
                    row = ResultRow.failed(v.name(), String.valueOf(e.getMessage()));
                }
                row.write(saved);
            }
            rows.add(row);
            listener.finished(row);
            writeReports(study, out, rows);
        }
        return rows;
    }

    /**
     * The row a run saved, or null where the file does not hold one (a run stopped while writing it): the variant
     * then runs again and the file is written anew.
     */
    private static ResultRow saved(Path file) {
        try {
            return ResultRow.read(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static void writeReports(Study study, Path out, List<ResultRow> rows) throws IOException {
        Files.writeString(out.resolve("results.csv"), ResultsTable.csv(rows));
        Optional<BudgetMatch.Matched> matched = BudgetMatch.match(study, rows);
        Files.writeString(out.resolve("results.md"), ResultsTable.markdown(study.name() + " on " + study.dataset()
                .getFileName(), rows) + matched.map(m -> BudgetMatch.markdown(study, m)).orElse(""));
        if (matched.isPresent()) {
            Files.writeString(out.resolve("matched.csv"), BudgetMatch.csv(study, matched.get()));
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
        }
    }
}
