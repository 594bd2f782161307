package io.vseg.runtime.cli;

import io.vseg.api.Frame;
import io.vseg.api.io.AtomicFiles;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.runtime.bench.StageProfile;
import io.vseg.runtime.config.PipelineConfigLoader;
import io.vseg.runtime.config.PipelineSpec;
import io.vseg.runtime.pipeline.PipelineFactory;
import io.vseg.runtime.plugin.ComponentKind;
import io.vseg.runtime.report.HtmlReport;
import io.vseg.runtime.video.FrameSource;
import io.vseg.runtime.video.FrameSources;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code vseg profile}: time per stage of the configured extractor on real frames. */
final class ProfileCommand implements Command {
    private final PipelineConfigLoader loader;
    private final PipelineFactory factory;
    private final FrameSources sources;

    @Inject
    ProfileCommand(PipelineConfigLoader loader, PipelineFactory factory, FrameSources sources) {
        this.loader = loader;
        this.factory = factory;
        this.sources = sources;
    }

    @Override
    public String name() {
        return "profile";
    }

    @Override
    public String summary() {
        return "time each stage of the extractor alone, on its cached inputs, against the full pass";
    }

    @Override
    public String help() {
        return """
                Usage: vseg profile --config FILE --input VIDEO|FOLDER|DAVIS_ROOT [options]

                Decodes the frames into memory, then on each runs the extractor's full pass (logits from the
                image) and each stage alone with the other stages' outputs cached, the way stage-wise methods
                refresh one stage. Warm-up frames are not timed. Prints and writes profile.md (and profile.html).

                Options:
                  --config FILE        pipeline configuration (required); its extractor is profiled
                  --input PATH         video file, frame folder, or DAVIS root (required)
                  --sequence NAME      the DAVIS sequence (default: the first)
                  --warmup N           untimed frames (default 10)
                  --max-frames N       frames to use (default 100; 0: all)
                  --output DIR         where profile.md and profile.html go (default out/profile)
                """;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args args = Args.parse(argv, Set.of("config", "input", "sequence", "warmup", "max-frames", "output"), Set.of());
        if (args.help()) {
            out.print(help());
            return 0;
        }
        Path configFile = Path.of(args.require("config"));
        int warmup = Main.parseInt(args.get("warmup", "10"), "--warmup");
        if (warmup < 0) {
            throw new UsageException("--warmup: 0 or more frames, got " + warmup);
        }
        int maxFrames = Main.parseInt(args.get("max-frames", "100"), "--max-frames");
        if (maxFrames < 0) {
            throw new UsageException("--max-frames: 0 (all) or more frames, got " + maxFrames);
        }
        int limit = maxFrames == 0 ? Integer.MAX_VALUE : maxFrames; // 0: every frame, as on bench and eval
        PipelineSpec spec = loader.load(loader.parse(configFile), configFile.toString());
        List<Frame> frames = new ArrayList<>();
        Path input = Path.of(args.require("input"));
        try (FrameSource source = sources.open(input, args.get("sequence", null))) {
            for (Optional<Frame> f = source.next(); f.isPresent() && frames.size() < limit; f = source.next()) {
                frames.add(f.get());
            }
        }
        if (frames.size() <= warmup) {
            throw new UsageException(input + ": " + frames.size() + " frame(s) leave none to time after " + warmup
                    + " warm-up frames (--warmup, --max-frames)");
        }
        List<StageProfile.Row> rows;
        try (FeatureExtractor extractor = factory.component(spec, ComponentKind.EXTRACTOR, FeatureExtractor.class)) {
            err.println("vseg profile: " + spec.component(ComponentKind.EXTRACTOR).type() + " from " + configFile
                    + " on " + frames.size() + " frames (" + warmup + " warm-up)");
            rows = StageProfile.run(extractor, frames, warmup);
        }
        String header = String.format("%s, %d timed frames of %dx%d; %d threads (vseg.runtime.threads), %d cores, "
                        + "OMP_NUM_THREADS=%s%n%n", configFile, frames.size() - warmup, frames.get(0).image().width(),
                frames.get(0).image().height(), spec.threads(), Runtime.getRuntime().availableProcessors(),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        String table = header + StageProfile.markdown(rows);
        Path output = Path.of(args.get("output", "out/profile"));
        Files.createDirectories(output);
        AtomicFiles.writeString(output.resolve("profile.md"), table);
        AtomicFiles.writeString(output.resolve("profile.html"),
                HtmlReport.page("vseg profile: " + configFile, List.of(), table, List.of()));
        out.print(table);
        out.println("wrote " + output.resolve("profile.md") + " and profile.html");
        return 0;
    }
}
