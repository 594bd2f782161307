package io.vseg.api.spi;

import io.vseg.api.Frame;
import io.vseg.api.Segmentation;
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
}
