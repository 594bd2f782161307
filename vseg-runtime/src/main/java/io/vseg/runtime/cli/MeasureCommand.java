package io.vseg.runtime.cli;

import io.vseg.runtime.bench.BenchReport;
import io.vseg.runtime.bench.Evaluator;
import io.vseg.runtime.bench.ScoredFrames;
import io.vseg.runtime.config.PipelineConfigLoader;
import io.vseg.runtime.dataset.Dataset;
import io.vseg.runtime.dataset.Datasets;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code vseg bench} and {@code vseg eval}: one protocol (a pipeline against every-frame inference of the
 * same model on the same frames, in one process) with two emphases. {@code bench} reports speed and
 * agreement; {@code eval} adds temporal consistency and prints the per-sequence table.
 */
abstract class MeasureCommand implements Command {
    private final PipelineConfigLoader loader;
    private final Evaluator evaluator;
    private final boolean eval;

    MeasureCommand(PipelineConfigLoader loader, Evaluator evaluator, boolean eval) {
        this.loader = loader;
        this.evaluator = evaluator;
        this.eval = eval;
    }

    /** {@code vseg bench}. */
    static final class Bench extends MeasureCommand {
        @Inject
        Bench(PipelineConfigLoader loader, Evaluator evaluator) {
            super(loader, evaluator, false);
        }
    }

    /** {@code vseg eval}. */
    static final class Eval extends MeasureCommand {
        @Inject
        Eval(PipelineConfigLoader loader, Evaluator evaluator) {
            super(loader, evaluator, true);
        }
    }

    @Override
    public String name() {
        return eval ? "eval" : "bench";
    }

    @Override
    public String summary() {
        return eval ? "evaluate a pipeline on a dataset: agreement, TC, J/F or mIoU, speed; per sequence"
                : "time a pipeline against every-frame inference: fps, latency, speedup, agreement";
    }

    @Override
    public String help() {
        String input = eval ? "--dataset" : "--input";
        return """
                Usage: vseg %1$s --config FILE %2$s VIDEO|FOLDER|DAVIS_ROOT [options]

                Decodes each sequence into memory, then runs the baseline (the same pipeline with the every-frame
                scheduler and no fuser) and the pipeline on the same frames, frame by frame in turn, in this
                process. Warm-up frames run untimed first. Reports per method: fps, latency p50/p95/p99
                (compute per frame), key-frame share, milliseconds per component (decode apart), speedup over
                the baseline, agreement (mIoU of the pipeline's labels against the baseline's)%3$s; with labels,
                J and F per object (DAVIS masks; as the DAVIS benchmark's code computes them) or mIoU (class-label folders). Writes %4$s.json, %4$s.md and %4$s.html.

                Options:
                  --config FILE        pipeline configuration (required)
                  --baseline FILE      compare with every-frame inference of this configuration instead
                                       (e.g. a distilled student against its teacher)
                  %2$s PATH         video file, frame folder, or DAVIS root (all its sequences) (required)
                  --labels DIR         class-index label PNGs for a frame folder, matched by frame name
                  --void N             label ignored in scoring (default 255)
                  --sequences A,B      only these DAVIS sequences
                  --warmup N           untimed warm-up frames per method (default 5)
                  --max-frames N       frames per sequence (default all)
                  --frames all|davis   frames scored against the labels (J, F, mIoU): davis leaves out each
                                       sequence's first and last frame (the last read), as the DAVIS benchmark
                                       does; agreement, TC and speed take every frame (default all;
                                       davis for semi-supervised object segmentation on a DAVIS root,
                                       vseg.output.classes = objects)
                  --tc                 also measure temporal consistency%5$s
                  --output DIR         where the reports go (default out/%1$s)
                """.formatted(name(), input, eval ? ", temporal consistency (TC)" : "", name(),
                eval ? " (on for eval)" : "");
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        String inputKey = eval ? "dataset" : "input";
        Args args = Args.parse(argv, Set.of("config", "baseline", inputKey, "labels", "void", "sequences", "sequence", "warmup",
                "max-frames", "frames", "output"), Set.of("tc"));
        if (args.help()) {
            out.print(help());
            return 0;
        }
        Path configFile = Path.of(args.require("config"));
        String only = args.get("sequences", args.get("sequence", null));
        String labels = args.get("labels", null);
        ScoredFrames scored = scoredFrames(args.get("frames", null));
        Dataset dataset = Datasets.open(Path.of(args.require(inputKey)), labels == null ? null : Path.of(labels),
                Main.parseInt(args.get("void", "255"), "--void"), only == null ? null : Arrays.asList(only.split(",")));
        int warmup = Main.parseInt(args.get("warmup", "5"), "--warmup");
        if (warmup < 0) {
            throw new UsageException("--warmup: 0 or more frames, got " + warmup);
        }
        int maxFrames = Main.parseInt(args.get("max-frames", "0"), "--max-frames");
        if (maxFrames < 0) {
            throw new UsageException("--max-frames: 0 (all) or more frames, got " + maxFrames);
        }
        Path output = Path.of(args.get("output", "out/" + name()));

        err.println("vseg " + name() + ": " + configFile + " on " + dataset.name() + " (" + dataset.sequences().size()
                + " sequence(s))");
        ProgressBar bar = new ProgressBar(err, name());
        String baseline = args.get("baseline", null);
        Evaluator.Outcome outcome = evaluator.evaluate(loader.parse(configFile), configFile.toString(),
                baseline == null ? null : loader.parse(Path.of(baseline)), baseline, dataset, warmup, maxFrames,
                scored, eval || args.flag("tc"), done -> bar.frameDone(done, -1, null));
        BenchReport report = new BenchReport(configFile.toString(), dataset.sequences(), outcome.spec().threads(),
                Runtime.getRuntime().availableProcessors(), System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
                warmup, outcome.methods());
        report.write(output, name());
        out.print(report.markdown());
        if (eval) {
            out.println();
            out.print(report.perSequenceMarkdown());
            out.println();
            out.print(report.perClassMarkdown());
        }
        out.println("wrote " + output.resolve(name() + ".json") + ", " + name() + ".md and " + name() + ".html");
        return 0;
    }

    /** {@code --frames}: {@code all}, {@code davis}, or (not given: null) the default for the dataset and pipeline. */
    static ScoredFrames scoredFrames(String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "all" -> ScoredFrames.ALL;
            case "davis" -> ScoredFrames.DAVIS;
            default -> throw new UsageException("--frames: all or davis, got '" + value + "'");
        };
    }
}
