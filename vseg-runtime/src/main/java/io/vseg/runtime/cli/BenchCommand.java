package io.vseg.runtime.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.vseg.runtime.bench.BenchReport;
import io.vseg.runtime.bench.BenchSequence;
import io.vseg.runtime.bench.Benchmark;
import io.vseg.runtime.bench.MethodReport;
import io.vseg.runtime.config.PipelineConfigLoader;
import io.vseg.runtime.config.PipelineSpec;
import io.vseg.runtime.pipeline.Pipeline;
import io.vseg.runtime.pipeline.PipelineFactory;
import io.vseg.runtime.video.Davis;
import io.vseg.runtime.video.FrameSource;
import io.vseg.runtime.video.FrameSources;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code vseg bench}: a pipeline against every-frame inference on the same frames, in one process. */
final class BenchCommand implements Command {
    private final PipelineConfigLoader loader;
    private final PipelineFactory factory;
    private final FrameSources sources;

    @Inject
    BenchCommand(PipelineConfigLoader loader, PipelineFactory factory, FrameSources sources) {
        this.loader = loader;
        this.factory = factory;
        this.sources = sources;
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "time a pipeline against every-frame inference: fps, latency, speedup, agreement";
    }

    @Override
    public String help() {
        return """
                Usage: vseg bench --config FILE --input VIDEO|FOLDER|DAVIS_ROOT [options]

                Decodes the input into memory, then runs the baseline (the same pipeline with the --compare
                scheduler and no fuser) and the pipeline on the same frames, in this process. Warm-up frames
                run untimed first. Reports per method: fps, latency p50/p95/p99, key-frame share, milliseconds
                per component (decode apart), speedup over the baseline, agreement (mIoU of the pipeline's
                labels against the baseline's) and, where DAVIS annotations exist, class 1's IoU against them.
                Prints a Markdown table and writes bench.json and bench.md into --output.

                Options:
                  --config FILE        pipeline configuration (required)
                  --input PATH         video file, frame folder, or DAVIS root (all its sequences) (required)
                  --sequences A,B      only these DAVIS sequences
                  --compare TYPE       baseline scheduler (default every-frame)
                  --warmup N           untimed warm-up frames per method (default 5)
                  --max-frames N       frames per sequence (default all)
                  --output DIR         where bench.json and bench.md go (default out/bench)
                """;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args args = Args.parse(argv, Set.of("config", "input", "sequences", "sequence", "compare", "warmup",
                "max-frames", "output"), Set.of());
        if (args.help()) {
            out.print(help());
            return 0;
        }
        Path configFile = Path.of(args.require("config"));
        Path input = Path.of(args.require("input"));
        int warmup = Main.parseInt(args.get("warmup", "5"), "--warmup");
        int maxFrames = Main.parseInt(args.get("max-frames", "0"), "--max-frames");
        Path output = Path.of(args.get("output", "out/bench"));

        Config user = loader.parse(configFile);
        PipelineSpec spec = loader.load(user, configFile.toString());
        Config baselineConfig = user
                .withValue("vseg.pipeline.scheduler", ConfigValueFactory.fromMap(Map.of("type", args.get("compare", "every-frame"))))
                .withValue("vseg.pipeline.fuser", ConfigValueFactory.fromMap(Map.of("type", "none")));
        PipelineSpec baselineSpec = loader.load(baselineConfig, configFile + " (baseline)");

        List<BenchSequence> sequences = decode(input, args, maxFrames, err);
        int total = sequences.stream().mapToInt(s -> s.frames().size()).sum();
        try (Pipeline baseline = factory.create(baselineSpec); Pipeline pipeline = factory.create(spec)) {
            String name = pipeline.description().get("scheduler") + "+" + pipeline.description().get("propagator");
            err.println("vseg bench: " + pipeline.description() + " against " + args.get("compare", "every-frame")
                    + " on " + sequences.size() + " sequence(s), " + total + " frames");
            ProgressBar bar = new ProgressBar(err, "bench");
            List<MethodReport> methods = new Benchmark(baseline, pipeline, name, warmup)
                    .run(sequences, done -> bar.frameDone(done, 2 * total, null));
            BenchReport report = new BenchReport(configFile.toString(),
                    sequences.stream().map(BenchSequence::name).toList(), spec.threads(),
                    Runtime.getRuntime().availableProcessors(), System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
                    warmup, methods);
            report.write(output);
            out.print(report.markdown());
            out.println("wrote " + output.resolve("bench.json") + " and bench.md");
        }
        return 0;
    }

    private List<BenchSequence> decode(Path input, Args args, int maxFrames, PrintStream err) throws Exception {
        String only = args.get("sequences", args.get("sequence", null));
        List<BenchSequence> out = new ArrayList<>();
        if (Files.isDirectory(input.resolve("JPEGImages"))) {
            List<String> names = only == null ? Davis.sequences(input) : Arrays.asList(only.split(","));
            for (String name : names) {
                try (FrameSource source = sources.open(input, name.trim())) {
                    out.add(BenchSequence.decode(source, maxFrames, Davis.annotations(input, name.trim())));
                }
                err.println("decoded " + name.trim());
            }
        } else {
            try (FrameSource source = sources.open(input, null)) {
                out.add(BenchSequence.decode(source, maxFrames, null));
            }
        }
        return out;
    }
}
