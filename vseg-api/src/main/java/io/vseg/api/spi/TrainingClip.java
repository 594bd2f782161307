package io.vseg.api.spi;

import io.vseg.api.Frame;
import io.vseg.api.Segmentation;
import io.vseg.api.SequenceInputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One clip of training data, decoded, with random access to its frames. */
public interface TrainingClip {

    /** The clip's name (video file or sequence name), for messages and model cards. */
    String name();

    /** Frames in the clip. */
    int size();

    /** Frame {@code index}, 0-based. */
    Frame frame(int index);

    /**
     * Ground-truth labels of frame {@code index} in the classes of the per-frame model, at frame size, where the
     * dataset has them. DAVIS object masks map every object to class 1 of a two-class model.
     */
    Optional<Segmentation> annotation(int index);

    /**
     * What came with the clip besides its frames (its first frame's object masks, for a DAVIS sequence with
     * several objects), as a pipeline's components see it.
     *
     * @since 1.0
     */
    default SequenceInputs inputs() {
        return SequenceInputs.none();
    }

    /**
     * The {@code length} consecutive frames from {@code start}: one step of backpropagation through time.
     *
     * @throws IllegalArgumentException when the clip has no such frames
     * @since 1.0
     */
    default List<Frame> frames(int start, int length) {
        if (start < 0 || length < 1 || start + length > size()) {
            throw new IllegalArgumentException("clip " + name() + " has frames 0.." + (size() - 1) + ", not "
                    + start + ".." + (start + length - 1));
        }
        List<Frame> frames = new ArrayList<>(length);
        for (int i = start; i < start + length; i++) {
            frames.add(frame(i));
        }
        return frames;
    }
}
