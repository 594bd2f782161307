package io.vseg.runtime.video;

import io.vseg.api.Frame;
import io.vseg.api.ObjectMasks;
import io.vseg.api.SequenceInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Opens an input given on the command line: a video file, a folder of images, or a DAVIS sequence folder. */
public final class FrameSources {

    @jakarta.inject.Inject
    public FrameSources() {
    }

    /** The name a file or folder gives its sequence: the file name without its extension. */
    public static String sequenceName(Path input) {
        String n = input.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /**
     * What comes with the sequence of {@code input} besides its frames: the object masks of {@code masks} when
     * given (for frame 0, whose size they must have: the input's first frame is read to check it), else a DAVIS
     * sequence's first annotation, else nothing.
     *
     * @throws IOException naming the mask file
     */
    public SequenceInputs inputs(Path input, String sequence, Path masks) throws IOException {
        String name = sequence != null ? sequence : sequenceName(input);
        if (masks != null) {
            if (!Files.isRegularFile(masks)) {
                throw new IOException(masks + ": no such mask file");
            }
            ObjectMasks m = Davis.masks(masks, 0);
            Optional<Frame> first;
            try (FrameSource source = open(input, sequence)) {
                first = source.next();
            }
            if (first.isPresent() && (first.get().width() != m.width() || first.get().height() != m.height())) {
                throw new IOException(masks + ": object masks of " + m.width() + "x" + m.height() + ", the frames of "
                        + (sequence != null ? "sequence '" + sequence + "'" : input.getFileName()) + " are "
                        + first.get().width() + "x" + first.get().height());
            }
            return SequenceInputs.of(name, m);
        }
        if (sequence != null && Files.isDirectory(input.resolve("JPEGImages").resolve("480p"))) {
            return Davis.inputs(input, sequence);
        }
        return new SequenceInputs(name, Optional.empty());
    }

    /**
     * @param input a video file; a folder of JPEG/PNG frames; or a DAVIS root ({@code JPEGImages/480p/...})
     *              with {@code sequence} naming one of its sequences
     * @param sequence the DAVIS sequence, or null
     */
    public FrameSource open(Path input, String sequence) throws IOException {
        if (!Files.exists(input)) {
            throw new IOException(input + ": no such file or folder");
        }
        if (Files.isDirectory(input)) {
            Path davis = input.resolve("JPEGImages").resolve("480p");
            if (Files.isDirectory(davis)) {
                if (sequence == null) {
                    throw new IOException(input + ": a DAVIS dataset; name a sequence (--sequence), one of "
                            + Davis.sequences(input));
                }
                Path seq = davis.resolve(sequence);
                if (!Files.isDirectory(seq)) {
                    throw new IOException(input + ": no DAVIS sequence '" + sequence + "'; sequences: "
                            + Davis.sequences(input));
                }
                return new ImageFolderSource(seq);
            }
            return new ImageFolderSource(input);
        }
        return new VideoFileSource(input);
    }
}
