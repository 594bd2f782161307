package io.vseg.runtime.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.vseg.api.Frame;
import io.vseg.api.SequenceInputs;
import io.vseg.runtime.config.Hashes;
import io.vseg.runtime.config.PipelineConfigLoader;
import io.vseg.runtime.config.PipelineSpec;
import io.vseg.runtime.pipeline.Pipeline;
import io.vseg.runtime.pipeline.PipelineFactory;
import io.vseg.runtime.pipeline.RunStats;
import io.vseg.runtime.pipeline.SequenceRunner;
import io.vseg.runtime.video.FrameSource;
import io.vseg.runtime.video.FrameSources;
import io.vseg.runtime.video.RunOutputs;
import io.vseg.runtime.video.RunRecord;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
                  run.json             the run's configuration (hashed) and input, and whether it finished

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
                  --resume           continue the interrupted run in DIR (same configuration, model files,
                                     code and input): its complete frames are kept, and it restarts at the last
                                     full key frame where every component can restart there (else at
                                     frame 0), giving the same outputs as a run that never stopped
                """;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args args = Args.parse(argv, Set.of("config", "input", "output", "sequence", "masks", "max-frames"),
                Set.of("resume"));
        if (args.help()) {
            out.print(help());
            return 0;
        }
        Path configFile = Path.of(args.require("config"));
        Path input = Path.of(args.require("input"));
        Path output = Path.of(args.require("output"));
        int maxFrames = Main.parseInt(args.get("max-frames", "0"), "--max-frames");
        if (maxFrames < 0) {
            throw new UsageException("--max-frames must be 0 (all) or more, got " + maxFrames);
        }
        boolean resume = args.flag("resume");

        PipelineSpec spec = loader.load(configFile, ConfigFactory.empty());
        String sequence = args.get("sequence", null);
        String masks = args.get("masks", null);
        RunRecord record = new RunRecord(configHash(spec), Hashes.ofModels(spec), Hashes.ofCode(spec),
                input.toAbsolutePath().normalize().toString(),
                sequence == null ? "" : sequence, masks == null ? "" : Path.of(masks).toAbsolutePath().normalize()
                .toString(), maxFrames, false);
        if (resume) {
            RunRecord earlier = RunRecord.read(output).orElseThrow(() -> new IllegalArgumentException(output
                    + ": no " + RunRecord.FILE + ", so no run to resume there (run without --resume)"));
            Optional<String> mismatch = record.mismatch(earlier);
            if (mismatch.isPresent()) {
                throw new IllegalArgumentException(output.resolve(RunRecord.FILE) + ": cannot resume: "
                        + mismatch.get());
            }
            if (earlier.finished()) {
                out.println("nothing to resume: the run in " + output + " finished");
                return 0;
            }
        }
        SequenceInputs inputs = sources.inputs(input, sequence, masks == null ? null : Path.of(masks));
        Config outputConfig = spec.config().getConfig("vseg.output");
        try (Pipeline pipeline = factory.create(spec);
             FrameSource source = sources.open(input, sequence)) {
            List<String> stateful = pipeline.stateAcrossKeys();
            RunOutputs.Resume plan = resume ? RunOutputs.planResume(output, outputConfig, stateful.isEmpty(),
                    String.join(" and ", stateful) + " carr" + (stateful.size() == 1 ? "ies" : "y")
                            + " state across key frames") : null;
            // The record first: a run killed while its outputs open must not leave an earlier run's "finished".
            Files.createDirectories(output);
            record.write(output);
            try (RunOutputs outputs = resume
                    ? RunOutputs.resuming(output, outputConfig, source.frameRate(), pipeline.name(), plan)
                    : new RunOutputs(output, outputConfig, source.frameRate(), pipeline.name())) {
                err.println("vseg run: " + source.name() + " with " + pipeline.description() + ", "
                        + spec.threads() + " threads");
                int first = 0;
                if (plan != null) {
                    err.println("vseg run: resuming: " + plan.why());
                    first = replay(source, outputs, plan.restart());
                }
                RunStats stats = SequenceRunner.run(pipeline, source, inputs, outputs, first, maxFrames,
                        new ProgressBar(err, source.name()));
                out.println(summary(stats, spec.threads()));
            }
            record.finish().write(output);
            out.println("wrote " + output.toAbsolutePath().normalize());
        }
        return 0;
    }

    /** Reads the frames before the restart from the source, handing each to the overlay; returns their count. */
    private static int replay(FrameSource source, RunOutputs outputs, int restart) throws IOException {
        for (int i = 0; i < restart; i++) {
            Optional<Frame> frame = source.next();
            if (frame.isEmpty()) {
                throw new IOException(source.name() + ": ends after " + i + " frames, but the interrupted run "
                        + "completed " + restart + " (was the input changed?)");
            }
            outputs.replay(frame.get(), source.frameName(i));
        }
        return restart;
    }

    /** SHA-256 of the resolved {@code vseg} block: what decides the outputs. */
    static String configHash(PipelineSpec spec) {
        return Hashes.ofConfig(spec.config().getConfig("vseg"));
    }

    static String summary(RunStats s, int threads) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d frames, %d key (%.0f%%); compute %.1f fps (%.1f ms/frame), "
                        + "decode %.1f fps (%.1f ms/frame), output %.1f ms/frame; wall clock %.1f fps "
                        + "(%.2f of compute: decoding, compute and writing overlap); %d threads",
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
