package io.vseg.runtime.cli;

import com.typesafe.config.ConfigFactory;
import io.vseg.api.SequenceInputs;
import io.vseg.runtime.config.PipelineConfigLoader;
import io.vseg.runtime.config.PipelineSpec;
import io.vseg.runtime.pipeline.Pipeline;
import io.vseg.runtime.pipeline.PipelineFactory;
import io.vseg.runtime.pipeline.RunStats;
import io.vseg.runtime.pipeline.SequenceRunner;
import io.vseg.runtime.video.FrameSource;
import io.vseg.runtime.video.FrameSources;
import io.vseg.runtime.video.RunOutputs;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code vseg run}: segment a video with a pipeline and write labels, overlay and trace. */
final class RunCommand implements Command {
    private final PipelineConfigLoader loader;
    private final PipelineFactory factory;
    private final FrameSources sources;

    @Inject
    RunCommand(PipelineConfigLoader loader, PipelineFactory factory, FrameSources sources) {
        this.loader = loader;
        this.factory = factory;
        this.sources = sources;
    }

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "segment a video: labels (PNG), overlay (MP4) and per-frame trace (JSON lines)";
    }

    @Override
    public String help() {
        return """
                Usage: vseg run --config FILE --input VIDEO|FOLDER --output DIR [options]

                Runs the pipeline FILE (HOCON) over the input and writes into DIR:
                  labels/<frame>.png   8-bit palette PNG of class indices per frame
                  overlay.mp4          the frames with the labels blended over them
                  trace.jsonl          per frame: the plan taken and milliseconds per component

                Input: a video file (anything FFmpeg reads), a folder of JPEG/PNG frames, or a DAVIS root
                with --sequence.

                Options:
                  --config FILE      pipeline configuration (required)
                  --input PATH       video file or frame folder (required)
                  --output DIR       output folder, created if needed (required)
                  --sequence NAME    the sequence, when --input is a DAVIS root
                  --masks FILE       object masks of the first frame (a PNG of object ids, 0 background, or
                                     0/255), visible to every component; a DAVIS sequence brings its own
                  --max-frames N     stop after N frames
                """;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args args = Args.parse(argv, Set.of("config", "input", "output", "sequence", "masks", "max-frames"), Set.of());
        if (args.help()) {
            out.print(help());
            return 0;
        }
        Path configFile = Path.of(args.require("config"));
        Path input = Path.of(args.require("input"));
        Path output = Path.of(args.require("output"));
        int maxFrames = Main.parseInt(args.get("max-frames", "0"), "--max-frames");

        PipelineSpec spec = loader.load(configFile, ConfigFactory.empty());
        String sequence = args.get("sequence", null);
        String masks = args.get("masks", null);
        SequenceInputs inputs = sources.inputs(input, sequence, masks == null ? null : Path.of(masks));
        try (Pipeline pipeline = factory.create(spec);
             FrameSource source = sources.open(input, sequence);
             RunOutputs outputs = new RunOutputs(output, spec.config().getConfig("vseg.output"), source.frameRate(),
                     pipeline.name())) {
            err.println("vseg run: " + source.name() + " with " + pipeline.description() + ", "
                    + spec.threads() + " threads");
            RunStats stats = SequenceRunner.run(pipeline, source, inputs, outputs, maxFrames,
                    new ProgressBar(err, source.name()));
            out.println(summary(stats, spec.threads()));
            out.println("wrote " + output.toAbsolutePath().normalize());
        }
        return 0;
    }

    static String summary(RunStats s, int threads) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d frames, %d key (%.0f%%); compute %.1f fps (%.1f ms/frame), "
                        + "decode %.1f fps (%.1f ms/frame), output %.1f ms/frame; wall clock %.1f fps (%.2f of compute: "
                        + "decoding, compute and writing overlap); %d threads",
                s.frames(), s.keyFrames(), 100.0 * s.keyFrames() / Math.max(1, s.frames()), s.computeFps(),
                s.computeNanos() / 1e6 / Math.max(1, s.frames()), s.decodeFps(),
                s.decodeNanos() / 1e6 / Math.max(1, s.frames()), s.outputNanos() / 1e6 / Math.max(1, s.frames()),
                s.wallFps(), s.computeFps() == 0 ? 0 : s.wallFps() / s.computeFps(), threads));
        sb.append("\nper component (ms/frame):");
        for (Map.Entry<String, Long> e : s.perComponent().entrySet()) {
            sb.append(String.format(Locale.ROOT, " %s %.2f", e.getKey(), e.getValue() / 1e6 / Math.max(1, s.frames())));
        }
        return sb.toString();
    }
}
