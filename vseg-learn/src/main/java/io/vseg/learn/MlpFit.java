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
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import io.vseg.api.io.AtomicFiles;
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
 * after each epoch, and keep the epoch with the lowest validation error. With {@link Options#refit}, the number
 * of epochs so chosen is then run again from scratch on the training and validation samples together (small
 * data: the held-out clips are too valuable to leave out of the final model), and that model is the one saved.
 * The output folder gets the model and its card. Deterministic for a seed: the initializers draw from the
 * engine's generator, seeded at the start of each run, and the batches from a shuffle of the fit's own.
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
     * @param refit        refit on all samples for the chosen number of epochs, and save that model
     */
    public record Options(int[] hidden, int epochs, int batchSize, double learningRate, double weightDecay, long seed,
                          int threads, boolean refit) {
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
     * @param model           the saved model, as reloaded from the output folder
     * @param bestEpoch       the epoch (1-based) with the lowest validation error
     * @param trainError      mean squared error on the training samples at that epoch
     * @param validationError mean squared error on the validation samples at that epoch
     * @param meanError       validation error of predicting the training mean: the bar any model must beat
     * @param seconds         wall time of the fit (the refit included)
     */
    public record Result(MlpModel model, int bestEpoch, double trainError, double validationError, double meanError,
                         double seconds) {
    }

    private MlpFit() {
    }

    /**
     * Fits, saving the model as {@code folder/<name>-0000.params} and {@code folder/<name>.json}.
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
        double meanError = validation.squaredError(train.meanTarget());
        int report = Math.max(1, options.epochs() / 10);
        Map<String, Object> figures = new LinkedHashMap<>(record);
        figures.put("training-samples", train.size());
        figures.put("validation-samples", validation.size());
        figures.put("epochs", options.epochs());
        double[] best = {Double.POSITIVE_INFINITY, 0, Double.NaN}; // validation error, epoch, training error

        Standardizer scaler = Standardizer.fit(train);
        run(train, scaler, options, options.epochs(), name, (epoch, model, now) -> {
            double trainError = train.squaredError(now::predict);
            double validationError = validation.squaredError(now::predict);
            if (!Double.isFinite(trainError)) {
                throw new IllegalStateException("the training error is not a number in epoch " + epoch
                        + ": the fit diverged (lower learning-rate) or the CPU's oneDNN kernels failed (run with "
                        + "DNNL_MAX_CPU_ISA=AVX2, as bin/vseg does)");
            }
            boolean better = validationError < best[0];
            if (better) {
                best[0] = validationError;
                best[1] = epoch;
                best[2] = trainError;
                if (!options.refit()) {
                    figures.put("best-epoch", epoch);
                    figures.put("train-mse", ModelCard.round(trainError, 6));
                    figures.put("validation-mse", ModelCard.round(validationError, 6));
                    figures.put("validation-mse-of-mean", ModelCard.round(meanError, 6));
                    figures.put("seconds", ModelCard.round((System.nanoTime() - started) / 1e9, 1));
                    save(model, folder, name, features, options, scaler, figures);
                }
            }
            if (epoch % report == 0 || epoch == options.epochs()) {
                progress.accept(String.format(Locale.ROOT,
                        "epoch %d/%d: train mse %.5f, validation mse %.5f (mean predictor %.5f)%s", epoch,
                        options.epochs(), trainError, validationError, meanError,
                        better ? options.refit() ? " (best)" : " (best, saved)" : ""));
            }
        });
        int bestEpoch = (int) best[1];
        if (options.refit()) {
            Samples all = train.concat(validation);
            Standardizer allScaler = Standardizer.fit(all);
            progress.accept(String.format(Locale.ROOT, "refit on all %d samples for %d epochs", all.size(), bestEpoch));
            figures.put("best-epoch", bestEpoch);
            figures.put("train-mse", ModelCard.round(best[2], 6));
            figures.put("validation-mse", ModelCard.round(best[0], 6));
            figures.put("validation-mse-of-mean", ModelCard.round(meanError, 6));
            run(all, allScaler, options, bestEpoch, name, (epoch, model, now) -> {
                if (epoch == bestEpoch) {
                    figures.put("refit", Map.of("samples", all.size(), "epochs", bestEpoch,
                            "mse-on-all", ModelCard.round(all.squaredError(now::predict), 6)));
                    figures.put("seconds", ModelCard.round((System.nanoTime() - started) / 1e9, 1));
                    save(model, folder, name, features, options, allScaler, figures);
                }
            });
        }
        MlpModel saved = MlpModel.load(folder, name);
        return new Result(saved, bestEpoch, best[2], best[0], meanError, (System.nanoTime() - started) / 1e9);
    }

    /** Called after each epoch with the DJL model and a Java copy of its weights. */
    private interface EpochEnd {
        void after(int epoch, Model model, MlpModel now) throws IOException;
    }

    /** Trains a fresh network on {@code samples} for {@code epochs}, seeded by the options. */
    private static void run(Samples samples, Standardizer scaler, Options options, int epochs, String name,
                            EpochEnd end) throws IOException {
        Engine.getInstance().setRandomSeed((int) options.seed());
        int f = samples.features();
        try (Model model = Model.newInstance(name, "PyTorch"); NDManager data = NDManager.newBaseManager()) {
            SequentialBlock block = MlpModel.block(options.hidden());
            model.setBlock(block);
            NDArray x = data.create(samples.standardizedRows(scaler), new Shape(samples.size(), f));
            NDArray y = data.create(samples.targets(), new Shape(samples.size(), 1));
            ArrayDataset dataset = new ArrayDataset.Builder().setData(x).optLabels(y)
                    .setSampling(new BatchSampler(new SeededShuffle(options.seed()),
                            Math.min(options.batchSize(), samples.size()), false))
                    .build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam()
                            .optLearningRateTracker(Tracker.fixed((float) options.learningRate()))
                            .optWeightDecays((float) options.weightDecay()).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, f));
                for (int epoch = 1; epoch <= epochs; epoch++) {
                    for (Batch batch : trainer.iterateDataset(dataset)) {
                        try (batch) {
                            EasyTrain.trainBatch(trainer, batch);
                            trainer.step();
                        }
                    }
                    end.after(epoch, model, MlpModel.snapshot(block, scaler, options.hidden()));
                }
            } catch (TranslateException e) {
                throw new IOException("training failed: " + e.getMessage(), e);
            }
        }
    }

    private static void save(Model model, Path folder, String name, List<String> features, Options options,
                             Standardizer scaler, Map<String, Object> figures) throws IOException {
        Map<String, Object> card = MlpModel.cardFields(name, features, options.hidden(), scaler);
        card.put("training", new LinkedHashMap<>(figures));
        model.setProperty("Epoch", "0"); // one parameter file, whatever the epoch
        AtomicFiles.writeInto(folder, tmp -> model.save(tmp, name));
        ModelCard.write(folder.resolve(name + ".json"), card);
    }
}
