package io.vseg.api;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What comes with a sequence besides its frames (DESIGN §2): today, object masks given for its first frame
 * (semi-supervised video object segmentation), read from a DAVIS root or a mask file named on the command line.
 * Components see them through {@link FrameContext#inputs()}; a pipeline configured with
 * {@code vseg.pipeline.output = objects} then labels the sequence's objects instead of the extractor's classes.
 *
 * @param name  the sequence's name (video file or DAVIS sequence), for messages
 * @param masks the given masks, if any
 */
public record SequenceInputs(String name, Optional<ObjectMasks> masks) {
    private static final SequenceInputs NONE = new SequenceInputs("", Optional.empty());

    public SequenceInputs {
        requireNonNull(name, "name is null");
        requireNonNull(masks, "masks is null");
    }

    /** A sequence with nothing given but its frames. */
    public static SequenceInputs none() {
        return NONE;
    }

    /** A sequence given object masks. */
    public static SequenceInputs of(String name, ObjectMasks masks) {
        return new SequenceInputs(name, Optional.of(requireNonNull(masks, "masks is null")));
    }
}
