package io.vseg.api.spi;

import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.Image;
import io.vseg.api.Segmentation;
import io.vseg.api.tensor.FlowField;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the runtime gives a {@link Trainer}: the training clips, the per-frame model of the configured pipeline
 * (the teacher, or the model whose fresh predictions are the targets), its flow estimator, and the run's seed,
 * threads, output folder and command line. Implementations are used from one thread.
 */
public interface TrainingContext {

    /** The training data, in the order given on the command line. */
    List<TrainingClip> clips();

    /** The per-frame model's classes. */
    ClassSet classes();

    /** The per-frame model run fresh on {@code image}: at least {@code logits}. */
    Features predict(Image image);

    /**
     * The per-frame model's {@code stages} computed fresh on {@code image} (intermediate ones too, for a trainer
     * of a part that works on them, such as NetWarp's).
     *
     * @since 1.0
     */
    default Features stages(Image image, Set<String> stages) {
        return compute(image, stages, Features.empty());
    }

    /**
     * The per-frame model's {@code stages} computed on {@code image}, taking the stages they depend on from
     * {@code inputs} where present there: how a trainer runs the head on features it changed.
     *
     * @since 1.0
     */
    default Features compute(Image image, Set<String> stages, Features inputs) {
        throw new UnsupportedOperationException("this TrainingContext runs the model's logits only (predict)");
    }

    /**
     * The per-frame model's stages, strides and channels, and whether it reads a fixed input size.
     *
     * @since 1.0
     */
    default Capabilities capabilities() {
        return Capabilities.unknown(List.of(Features.LOGITS));
    }

    /**
     * Every run of {@code length} consecutive frames of every clip, starting every {@code stride} frames, in clip
     * order: the sequences of recurrent training (backpropagation through time). Clips shorter than
     * {@code length} give none.
     *
     * @since 1.0
     */
    default List<Window> windows(int length, int stride) {
        if (length < 1 || stride < 1) {
            throw new IllegalArgumentException("windows need length and stride of at least 1, got " + length
                    + " and " + stride);
        }
        List<Window> windows = new ArrayList<>();
        for (TrainingClip clip : clips()) {
            for (int start = 0; start + length <= clip.size(); start += stride) {
                windows.add(new Window(clip, start, length));
            }
        }
        return windows;
    }

    /**
     * {@code length} consecutive frames of a clip from {@code start}.
     *
     * @since 1.0
     */
    record Window(TrainingClip clip, int start, int length) {
        public Window {
            Objects.requireNonNull(clip, "clip is null");
        }

        /** The window's frames, in order. */
        public List<Frame> frames() {
            return clip.frames(start, length);
        }

        /** Labels of the window's {@code i}-th frame, where the data has them. */
        public Optional<Segmentation> annotation(int i) {
            return clip.annotation(start + i);
        }
    }

    /** The pipeline's optical flow, backward: {@code target + flow} lands in {@code source}. */
    FlowField flow(Image target, Image source);

    /** Seeds every random choice of the run; the same seed and data give the same model. */
    long seed();

    /** Threads the trainer may use for compute. */
    int threads();

    /** The folder the model goes to (created by the runtime). */
    Path output();

    /** The configuration of the per-frame model, as given (for the model card). */
    String teacher();

    /** The exact command line that started this training, to record beside the model. */
    String command();

    /** Reports one line of progress (epoch, loss, validation) to the user. */
    void progress(String line);
}
