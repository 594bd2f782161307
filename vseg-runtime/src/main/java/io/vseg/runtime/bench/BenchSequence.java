package io.vseg.runtime.bench;

import io.vseg.api.Frame;
import io.vseg.runtime.video.FrameSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A sequence decoded into memory before timing, so that every method sees the same frames and decoding is
 * measured once, apart from compute.
 *
 * @param name        sequence name
 * @param frames      the frames
 * @param frameNames  output names of the frames (for matching annotations)
 * @param decodeNanos time spent decoding them
 * @param annotations a folder of label PNGs named like the frames, or null
 */
public record BenchSequence(String name, List<Frame> frames, List<String> frameNames, long decodeNanos,
                            Path annotations) {

    /** Decodes up to {@code maxFrames} frames (0 = all) of {@code source}. */
    public static BenchSequence decode(FrameSource source, int maxFrames, Path annotations) throws IOException {
        List<Frame> frames = new ArrayList<>();
        List<String> names = new ArrayList<>();
        long nanos = 0;
        while (maxFrames <= 0 || frames.size() < maxFrames) {
            long t0 = System.nanoTime();
            Optional<Frame> f = source.next();
            nanos += System.nanoTime() - t0;
            if (f.isEmpty()) {
                break;
            }
            frames.add(f.get());
            names.add(source.frameName(f.get().index()));
        }
        if (frames.isEmpty()) {
            throw new IOException(source.name() + ": no frames");
        }
        Path ann = annotations != null && Files.isDirectory(annotations) ? annotations : null;
        return new BenchSequence(source.name(), List.copyOf(frames), List.copyOf(names), nanos, ann);
    }
}
