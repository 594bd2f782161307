package io.vseg.runtime.pipeline;

import io.vseg.api.Frame;
import io.vseg.api.SequenceInputs;
import io.vseg.api.FrameResult;
import io.vseg.runtime.video.FrameSource;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs a pipeline over one sequence: decode, process, hand to the sink, frame by frame, keeping decode,
 * compute and output time apart. A failure names the sequence and the frame; what the sink already wrote
 * stays written.
 */
public final class SequenceRunner {

    /** Told after each frame; for progress bars. */
    @FunctionalInterface
    public interface Progress {
        void frameDone(int done, int total, RunStats soFar);
    }

    private SequenceRunner() {
    }

    /**
     * @param maxFrames stop after this many frames (0 = all)
     * @throws SequenceException naming the sequence and frame that failed
     */
    public static RunStats run(Pipeline pipeline, FrameSource source, FrameSink sink, int maxFrames, Progress progress) {
        return run(pipeline, source, SequenceInputs.none(), sink, maxFrames, progress);
    }

    /**
     * As above, for a sequence that comes with {@code inputs} (such as its first frame's object masks).
     *
     * @throws SequenceException naming the sequence and frame that failed
     */
    public static RunStats run(Pipeline pipeline, FrameSource source, SequenceInputs inputs, FrameSink sink,
                               int maxFrames, Progress progress) {
        pipeline.reset(inputs);
        int frames = 0;
        int keys = 0;
        long decode = 0;
        long compute = 0;
        long output = 0;
        Map<String, Long> perComponent = new TreeMap<>();
        int total = source.frameCount();
        if (maxFrames > 0 && (total < 0 || total > maxFrames)) {
            total = maxFrames;
        }
        while (maxFrames <= 0 || frames < maxFrames) {
            long t0 = System.nanoTime();
            Optional<Frame> next;
            try {
                next = source.next();
            } catch (IOException e) {
                throw new SequenceException(source.name() + ": frame " + frames + ": " + e.getMessage(), e);
            }
            if (next.isEmpty()) {
                break;
            }
            Frame frame = next.get();
            long decodeNanos = System.nanoTime() - t0;
            String name = source.frameName(frame.index());
            FrameResult result;
            try {
                result = pipeline.process(frame, decodeNanos);
            } catch (FrameException e) {
                throw new SequenceException(source.name() + ": frame " + frame.index() + " (" + name + "): "
                        + e.detail(), e);
            }
            long t1 = System.nanoTime();
            try {
                sink.accept(frame, result, name);
            } catch (IOException e) {
                throw new SequenceException(source.name() + ": frame " + frame.index() + " (" + name + "): "
                        + e.getMessage(), e);
            }
            output += System.nanoTime() - t1;
            decode += decodeNanos;
            for (Map.Entry<String, Long> e : result.nanos().entrySet()) {
                if (!e.getKey().equals("decode")) {
                    compute += e.getValue();
                    perComponent.merge(e.getKey(), e.getValue(), Long::sum);
                }
            }
            frames++;
            if (result.isKey()) {
                keys++;
            }
            if (progress != null) {
                progress.frameDone(frames, total, new RunStats(frames, keys, decode, compute, output, perComponent));
            }
        }
        return new RunStats(frames, keys, decode, compute, output, Map.copyOf(perComponent));
    }
}
