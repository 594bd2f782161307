package io.vseg.runtime.dataset;

import io.vseg.runtime.video.FrameSource;
import io.vseg.api.SequenceInputs;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Sequences to evaluate on, with their labels where the dataset has them: a DAVIS root (object masks), a
 * folder of frames with a folder of class-index label PNGs, or a plain video (no labels).
 */
public interface Dataset {

    /** What the labels mean. */
    enum LabelKind {
        /** Object ids per pixel (0 background), scored by J and F per object (DAVIS). */
        OBJECTS,
        /** Class indices per pixel, scored by mIoU over the model's classes. */
        CLASSES,
        /** No labels. */
        NONE
    }

    String name();

    List<String> sequences();

    FrameSource open(String sequence) throws IOException;

    LabelKind labelKind();

    /** Label value ignored in scoring. */
    int voidLabel();

    /**
     * The labels of frame {@code frameName} of {@code sequence}, row-major, if annotated.
     *
     * @param width  the frame's width, which the labels must have
     * @param height the frame's height, likewise
     * @throws IOException naming the file, when it cannot be read or has another size than the frame
     */
    Optional<int[]> labels(String sequence, String frameName, int width, int height) throws IOException;

    /** What comes with {@code sequence} besides its frames (a DAVIS sequence: its first frame's object masks). */
    default SequenceInputs inputs(String sequence) throws IOException {
        return new SequenceInputs(sequence, Optional.empty());
    }
}
