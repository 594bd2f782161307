package io.vseg.runtime.cli;

import io.vseg.runtime.ablation.ResultRow;
import io.vseg.runtime.ablation.Study;
import io.vseg.runtime.ablation.StudyRunner;
import io.vseg.runtime.ablation.Variant;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntConsumer;

/** {@code vseg ablate}: run every variant of a study over its dataset; CSV, Markdown and a Pareto plot. */
final class AblateCommand implements Command {
    private final StudyRunner runner;

    @Inject
    AblateCommand(StudyRunner runner) {
        this.runner = runner;
    }

    @Override
    public String name() {
        return "ablate";
    }

    @Override
    public String summary() {
        return "run an ablation study: every variant over a dataset; report.html, results.csv/.md, plot.png";
    }

    @Override
    public String help() {
        return """
                Usage: vseg ablate --study FILE [--output DIR]

                Runs each variant of the study (a base pipeline with overrides: an explicit list and/or a grid
                of values by key path) over the study's dataset, each against every-frame inference in the same
                run, and writes into DIR: results.csv, results.md, plot.png (the study's plot-x, speedup by
                default, against its plot-y, every variant a labelled point, the Pareto front drawn),
                report.html (the tables and the plot in one page to open in a browser) and variants/<name>.json.
                With study.compare { reference = VARIANT, along = GRID_KEY }, each curve of the grid (its
                variants that differ only in GRID_KEY) is also read at the reference's plot-x, by linear
                interpolation: a section of results.md and matched.csv (methods compared at equal cost).
                A failing variant is recorded with its error and the study goes on. Running the same study
                into the same DIR again skips the variants already finished with the same resolved
                configuration, model files, code and data (a SHA-256 in each row); an edited variant, a model
                retrained in place, an upgraded vseg or plugin, or an unreadable row, runs again.
                DIR defaults to out/ablation/<the study's name>. The exit status is 0 when the study ran, with
                failed variants too (their rows say why; the last line counts them).
                See configs/ablation/ for studies.
                """;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args args = Args.parse(argv, Set.of("study", "output"), Set.of());
        if (args.help()) {
            out.print(help());
            return 0;
        }
        Study study = Study.read(Path.of(args.require("study")));
        Path output = Path.of(args.get("output", "out/ablation/" + study.name()));
        Files.createDirectories(output);
        List<ResultRow> rows = runner.run(study, output, new StudyRunner.Listener() {
            @Override
            public IntConsumer started(int index, int count, Variant v, boolean skipped) {
                String label = String.format(Locale.ROOT, "[%d/%d] %s", index + 1, count, v.name());
                err.println(label + (skipped ? ": done in an earlier run, skipped" : ""));
                ProgressBar bar = new ProgressBar(err, label);
                return done -> bar.frameDone(done, -1, null);
            }

            @Override
            public void warning(String line) {
                err.println("vseg ablate: warning: " + line);
            }

            @Override
            public void finished(ResultRow row) {
                err.println(row.ok()
                        ? String.format(Locale.ROOT, "  %s: speedup %.2fx, agreement %.3f", row.variant(),
                                row.value("speedup"), row.value("agreement"))
                        : "  " + row.variant() + ": FAILED: " + row.error());
            }
        });
        out.print(Files.readString(output.resolve("results.md")));
        long failed = rows.stream().filter(r -> !r.ok()).count();
        out.println("wrote " + output.resolve("report.html") + ", results.csv, results.md"
                + (Files.exists(output.resolve("plot.png")) ? ", plot.png" : " (no variant to plot)")
                + (Files.exists(output.resolve("matched.csv")) ? ", matched.csv" : "")
                + (failed > 0 ? " (" + failed + " variant(s) failed)" : ""));
        return 0;
    }
}
