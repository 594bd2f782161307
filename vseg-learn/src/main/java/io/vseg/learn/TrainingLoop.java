package io.vseg.learn;

import static java.util.Objects.requireNonNull;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * The epoch loop of vseg's trainers, on DJL's {@link EasyTrain}: train on every batch, then after each epoch
 * measure the network on held-out data, save it when it is the best so far, and say so in one progress line. What
 * a user gets from a run is therefore the best epoch's network, not the last one's, which on a few clips of their
 * own video is often worse.
 *
 * <p>Reproducible for a seed: {@link #newTrainer} seeds the engine's generator just before the trainer initializes
 * the parameters (the initializers draw from it), and the training set shuffles with a generator of its own
 * ({@link #shuffle()}), never with DJL's shared one, which anything else running may advance.
 *
 * <p>A loss that is not a number stops the run with a one-line {@link IllegalStateException} naming the epoch and
 * the likely causes; the best network saved before it stays where it is. A loop runs one training:
 * <pre>{@code
 * TrainingLoop loop = TrainingLoop.builder(epochs, seed)
 *         .validation("agreement", TrainingLoop.Goal.MAXIMIZE, trainer -> agreement(net, heldOut))
 *         .checkpoint(out, epoch -> save(out, epoch))
 *         .progress(ctx::progress)
 *         .build();
 * try (Trainer trainer = loop.newTrainer(model, config, inputShape)) {
 *     TrainingLoop.Result result = loop.fit(trainingSet, batchesPerEpoch);
 * }
 * }</pre>
 */
public final class TrainingLoop {

    /** Whether a higher or a lower validation figure is better. */
    public enum Goal {
        MAXIMIZE, MINIMIZE;

        boolean better(double candidate, double best) {
            return this == MAXIMIZE ? candidate > best : candidate < best;
        }
    }

    /** Measures the network on held-out data; called after every epoch and by {@link #validate()}. */
    @FunctionalInterface
    public interface Validation {
        double measure(Trainer trainer);
    }

    /** Saves the network as it is after {@code epoch}, the best so far (replacing the one saved before). */
    @FunctionalInterface
    public interface Checkpoint {
        void save(Epoch epoch) throws IOException;
    }

    /**
     * One finished epoch.
     *
     * @param number     1-based; 0 for the start kept by {@link #keepStart()}
     * @param trainLoss  the mean loss over the epoch's batches (not a number for the start)
     * @param validation the validation figure after it
     */
    public record Epoch(int number, double trainLoss, double validation) {
        /** {@code epoch N}, or {@code the start (epoch 0)}. */
        public String name() {
            return number == 0 ? "the start (epoch 0)" : "epoch " + number;
        }
    }

    /**
     * What a run reached.
     *
     * @param best   the epoch with the best validation figure, whose network the checkpoint holds
     * @param epochs the epochs run
     */
    public record Result(Epoch best, int epochs) {
    }

    private final int epochs;
    private final long seed;
    private final String metric;
    private final Goal goal;
    private final Validation validation;
    private final Path folder;
    private final Checkpoint checkpoint;
    private final Consumer<String> progress;
    private final EpochEnd listener = new EpochEnd();
    private Trainer trainer;

    private TrainingLoop(Builder b) {
        this.epochs = b.epochs;
        this.seed = b.seed;
        this.metric = requireNonNull(b.metric, "validation is not set");
        this.goal = b.goal;
        this.validation = b.validation;
        this.folder = requireNonNull(b.folder, "checkpoint is not set");
        this.checkpoint = b.checkpoint;
        this.progress = b.progress;
    }

    /** A loop of {@code epochs} epochs, seeded by {@code seed}. */
    public static Builder builder(int epochs, long seed) {
        return new Builder(epochs, seed);
    }

    /**
     * The trainer of {@code model}, its parameters initialized for inputs of {@code inputShapes} from the seeded
     * generator. The loop registers its listener in {@code config}. The caller closes the trainer.
     */
    public Trainer newTrainer(Model model, DefaultTrainingConfig config, Shape... inputShapes) {
        requireNonNull(model, "model is null");
        requireNonNull(config, "config is null");
        if (trainer != null) {
            throw new IllegalStateException("a training loop runs one training; this one has its trainer");
        }
        config.addTrainingListeners(listener);
        model.getNDManager().getEngine().setRandomSeed((int) seed);
        trainer = model.newTrainer(config);
        trainer.initialize(inputShapes);
        return trainer;
    }

    /** A sampler that shuffles the training set anew each epoch, from the loop's seed (for a {@code BatchSampler}). */
    public SeededShuffle shuffle() {
        return new SeededShuffle(seed);
    }

    /** The validation figure of the network as it is now, such as a pretrained start's before the first epoch. */
    public double validate() {
        return validation.measure(started());
    }

    /**
     * Makes the network as it is now, before the first epoch, the one to beat: measures it, saves it as epoch 0
     * and keeps it unless an epoch does better. For a start that is a model in its own right (a fuser that begins
     * at the per-frame network, say): where training does not improve on it on held-out data, the run leaves the
     * start, not the least bad epoch. Returns its validation figure.
     *
     * @throws IOException when the checkpoint cannot be written
     */
    public double keepStart() throws IOException {
        return keepStart(figure -> { });
    }

    /**
     * As {@link #keepStart()}, handing the start's validation figure to {@code beforeSave} before the checkpoint
     * saves it (to put it on the record the checkpoint writes).
     */
    public double keepStart(DoubleConsumer beforeSave) throws IOException {
        double figure = validate();
        if (Double.isNaN(figure)) {
            throw new IllegalStateException("the validation " + metric + " of the starting network is not a number");
        }
        beforeSave.accept(figure);
        Epoch zero = new Epoch(0, Double.NaN, figure);
        try {
            checkpoint.save(zero);
        } catch (IOException e) {
            throw new IOException("cannot save the model to " + folder + ": " + e.getMessage(), e);
        }
        listener.best = zero;
        progress.accept(String.format(Locale.ROOT, "start: validation %s %.4f (saved; an epoch must beat it)",
                metric, figure));
        return figure;
    }

    /**
     * Runs the epochs on {@code train}.
     *
     * @param batchesPerEpoch how many batches {@code train} yields per epoch (progress is reported four times
     *                        an epoch)
     * @throws IOException           when training fails in the engine or a checkpoint cannot be written
     * @throws IllegalStateException when the loss or the validation figure is not a number
     */
    public Result fit(Dataset train, int batchesPerEpoch) throws IOException {
        requireNonNull(train, "train is null");
        if (batchesPerEpoch < 1) {
            throw new IllegalArgumentException("batchesPerEpoch: must be positive, got " + batchesPerEpoch);
        }
        Trainer t = started();
        listener.start(batchesPerEpoch);
        try {
            EasyTrain.fit(t, epochs, train, null);
        } catch (TranslateException e) {
            throw new IOException("training failed: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Result(listener.best, epochs);
    }

    private Trainer started() {
        if (trainer == null) {
            throw new IllegalStateException("no trainer yet: call newTrainer first");
        }
        return trainer;
    }

    /** Sums the loss of each batch as it trains, and ends each epoch: check, validate, keep the best, report. */
    private final class EpochEnd extends TrainingListenerAdapter {
        private int batches;
        private int epoch;
        private int batch;
        private double lossSum;
        private long epochStart;
        private Epoch best;

        void start(int batchesPerEpoch) {
            batches = batchesPerEpoch;
            epochStart = System.nanoTime();
        }

        @Override
        public void onTrainingBatch(Trainer t, TrainingListener.BatchData data) {
            NDList labels = data.getLabels().values().iterator().next();
            NDList predictions = data.getPredictions().values().iterator().next();
            lossSum += t.getLoss().evaluate(labels, predictions).getFloat();
            batch++;
            if (batch % Math.max(1, batches / 4) == 0 || batch == batches) {
                double perBatch = (System.nanoTime() - epochStart) / 1e9 / batch;
                progress.accept(String.format(Locale.ROOT, "epoch %d/%d batch %d/%d loss %.4f (%.2f s/batch)",
                        epoch + 1, epochs, batch, batches, lossSum / batch, perBatch));
            }
        }

        @Override
        public void onEpoch(Trainer t) {
            epoch++;
            if (!Double.isFinite(lossSum)) {
                throw new IllegalStateException(String.format(Locale.ROOT, "the training loss is not a number in "
                        + "epoch %d: the network diverged (lower learning-rate) or the CPU's oneDNN kernels failed "
                        + "(run with DNNL_MAX_CPU_ISA=AVX2, as bin/vseg does); %s", epoch, kept()));
            }
            double figure = validation.measure(t);
            if (Double.isNaN(figure)) {
                throw new IllegalStateException("the validation " + metric + " is not a number in epoch " + epoch
                        + ": the network's outputs are not numbers; " + kept());
            }
            Epoch now = new Epoch(epoch, lossSum / Math.max(1, batch), figure);
            boolean better = best == null || goal.better(figure, best.validation());
            if (better) {
                best = now;
                try {
                    checkpoint.save(now);
                } catch (IOException e) {
                    throw new UncheckedIOException(new IOException("cannot save the model to " + folder + ": "
                            + e.getMessage(), e));
                }
            }
            progress.accept(String.format(Locale.ROOT, "epoch %d/%d: train loss %.4f, validation %s %.4f%s",
                    epoch, epochs, now.trainLoss(), metric, figure, better ? " (best, saved)" : ""));
            batch = 0;
            lossSum = 0;
            epochStart = System.nanoTime();
        }

        private String kept() {
            return best != null ? "the best model so far (epoch " + best.number() + ") stays in " + folder
                    : "no model was saved";
        }
    }

    /** The loop's settings; validation and checkpoint are required. */
    public static final class Builder {
        private final int epochs;
        private final long seed;
        private String metric;
        private Goal goal;
        private Validation validation;
        private Path folder;
        private Checkpoint checkpoint;
        private Consumer<String> progress = line -> { };

        private Builder(int epochs, long seed) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs: must be positive, got " + epochs);
            }
            this.epochs = epochs;
            this.seed = seed;
        }

        /**
         * How each epoch is judged.
         *
         * @param metric its name in progress lines and messages, such as {@code "agreement"}
         */
        public Builder validation(String metric, Goal goal, Validation validation) {
            this.metric = requireNonNull(metric, "metric is null");
            this.goal = requireNonNull(goal, "goal is null");
            this.validation = requireNonNull(validation, "validation is null");
            return this;
        }

        /**
         * Where the best epoch's network goes.
         *
         * @param folder named in messages (the checkpoint writes into it)
         */
        public Builder checkpoint(Path folder, Checkpoint checkpoint) {
            this.folder = requireNonNull(folder, "folder is null");
            this.checkpoint = requireNonNull(checkpoint, "checkpoint is null");
            return this;
        }

        /** Receives one line per quarter epoch and one per epoch; silent by default. */
        public Builder progress(Consumer<String> progress) {
            this.progress = requireNonNull(progress, "progress is null");
            return this;
        }

        public TrainingLoop build() {
            return new TrainingLoop(this);
        }
    }
}
