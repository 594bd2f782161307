package io.vseg.api.spi;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Fits a component's learned part on the user's video (DESIGN §3): a DVSNet decision model, a staged student
 * network, a kernel predictor. Created by a {@link TrainerFactory} from its configuration (the hyperparameters),
 * run once by {@code vseg train NAME}. The training loop itself is DJL's ({@code EasyTrain}); what every trainer
 * needs from the runtime (decoded clips, fresh predictions of the per-frame model, optical flow, the seed and
 * where to write) comes through the {@link TrainingContext}.
 */
public interface Trainer {

    /**
     * Trains and writes the model under {@link TrainingContext#output()}.
     *
     * @return the file or folder that the trained component loads by path
     * @throws IllegalArgumentException for data the trainer cannot use (too few frames, wrong classes), the
     *                                  message naming the clip or the key
     */
    Path train(TrainingContext context) throws IOException;
}
