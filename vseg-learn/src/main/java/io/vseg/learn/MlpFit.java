package io.vseg.learn;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The training loop every small regressor in vseg shares: standardize on the training samples, fit an
 * {@link MlpModel} with Adam on the squared error (DJL, PyTorch engine), score training and validation error
 * after each epoch, and keep the epoch with the lowest validation error in the output folder with its card.
 * Deterministic for a seed: DJL's sampler and initializers draw from the engine's seeded generator.
 */
public final class MlpFit {

    /**
     * Hyperparameters.
     *
     * @param hidden       hidden layer sizes
     * @param epochs       passes over the training samples
     * @param batchSize    samples per step
     * @param learningRate Adam's step size
     * @param weightDecay  L2 penalty
     * @param seed         seeds DJL's generator
     * @param threads      PyTorch intra-op threads
     */
    public record Options(int[] hidden, int epochs, int batchSize, double learningRate, double weightDecay, long seed,
                          int threads) {
        public Options {
            hidden = hidden.clone();
            if (epochs < 1 || batchSize < 1 || learningRate <= 0 || weightDecay < 0) {
                throw new IllegalArgumentException("epochs, batch-size, learning-rate must be positive, weight-decay"
                        + " >= 0; got " + epochs + ", " + batchSize + ", " + learningRate + ", " + weightDecay);
            }
        }
    }

    /**
     * What a fit reached.
     *
     * @param model           the best epoch's model, as reloaded from the output folder
     * @param bestEpoch       1-based
     * @param trainError      mean squared error on the training samples at the best epoch
     * @param validationError mean squared error on the validation samples at the best epoch
     * @param meanError       validation error of predicting the training mean: the bar any model must beat
     * @param seconds         wall time of the fit
     */
    public record Result(MlpModel model, int bestEpoch, double trainError, double validationError, double meanError,
                         double seconds) {
    }

    private MlpFit() {
    }

    /**
     * Fits, saving the best epoch as {@code folder/<name>-0000.params} and {@code folder/<name>.json}.
     *
     * @param record how the model was made (command, data, seed...), stored on the card under {@code training}
     *               with the figures this fit adds
     */
    public static Result fit(Samples train, Samples validation, List<String> features, Options options, Path folder,
                             String name, Map<String, Object> record, Consumer<String> progress) throws IOException {
        if (features.size() != train.features() || validation.features() != train.features()) {
            throw new IllegalArgumentException(features.size() + " feature names for " + train.features() + " features");
        }
        long started = System.nanoTime();
        Djl.configure(options.threads());
        Engine.getInstance().setRandomSeed((int) options.seed());
        Standardizer scaler = Standardizer.fit(train);
        double mean = train.meanTarget();
        double meanError = validation.squaredError(mean);
        int f = train.features();
        Map<String, Object> card = MlpModel.cardFields(name, features, options.hidden(), scaler);
        int report = Math.max(1, options.epochs() / 10);

        try (Model model = Model.newInstance(name, "PyTorch"); NDManager data = NDManager.newBaseManager()) {
            SequentialBlock block = MlpModel.block(options.hidden());
            model.setBlock(block);
            NDArray x = data.create(train.standardizedRows(scaler), new Shape(train.size(), f));
            NDArray y = data.create(train.targets(), new Shape(train.size(), 1));
            ArrayDataset dataset = new ArrayDataset.Builder().setData(x).optLabels(y)
                    .setSampling(Math.min(options.batchSize(), train.size()), true).build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam()
                            .optLearningRateTracker(Tracker.fixed((float) options.learningRate()))
                            .optWeightDecays((float) options.weightDecay()).build());
            double best = Double.POSITIVE_INFINITY;
            int bestEpoch = 0;
            double bestTrain = Double.NaN;
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, f));
                for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                    for (Batch batch : trainer.iterateDataset(dataset)) {
                        try (batch) {
                            EasyTrain.trainBatch(trainer, batch);
                            trainer.step();
                        }
                    }
                    MlpModel now = MlpModel.snapshot(block, features, options.hidden(), scaler, null);
                    double trainError = train.squaredError(now::predict);
                    double validationError = validation.squaredError(now::predict);
                    boolean better = validationError < best;
                    if (better) {
                        best = validationError;
                        bestEpoch = epoch;
                        bestTrain = trainError;
                        Map<String, Object> r = new LinkedHashMap<>(record);
                        r.put("training-samples", train.size());
                        r.put("validation-samples", validation.size());
                        r.put("epochs", options.epochs());
                        r.put("best-epoch", epoch);
                        r.put("train-mse", ModelCard.round(trainError, 6));
                        r.put("validation-mse", ModelCard.round(validationError, 6));
                        r.put("validation-mse-of-mean", ModelCard.round(meanError, 6));
                        r.put("seconds", ModelCard.round((System.nanoTime() - started) / 1e9, 1));
                        card.put("training", r);
                        model.setProperty("Epoch", "0"); // one parameter file, whatever the epoch
                        model.save(folder, name);
                        ModelCard.write(folder.resolve(name + ".json"), card);
                    }
                    if (epoch % report == 0 || epoch == options.epochs()) {
                        progress.accept(String.format(Locale.ROOT,
                                "epoch %d/%d: train mse %.5f, validation mse %.5f (mean predictor %.5f)%s",
                                epoch, options.epochs(), trainError, validationError, meanError,
                                better ? " (best, saved)" : ""));
                    }
                }
            } catch (TranslateException e) {
                throw new IOException("training failed: " + e.getMessage(), e);
            }
            MlpModel saved = MlpModel.load(folder, name);
            return new Result(saved, bestEpoch, bestTrain, best, meanError, (System.nanoTime() - started) / 1e9);
        }
    }

}
