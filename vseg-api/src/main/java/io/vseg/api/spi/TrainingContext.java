package io.vseg.api.spi;

import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Image;
import io.vseg.api.tensor.FlowField;
import java.nio.file.Path;
import java.util.List;

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
