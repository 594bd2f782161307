package io.vseg.runtime.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
