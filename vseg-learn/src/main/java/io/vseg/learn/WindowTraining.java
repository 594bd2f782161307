package io.vseg.learn;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import com.typesafe.config.Config;
import io.vseg.api.Features;
import io.vseg.api.spi.TrainingContext;
import io.vseg.api.tensor.Tensor;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The recipe a recurrent, flow-based fuser's trainer follows (NetWarp, GRFP): the per-frame network's logits, the
 * frames and the flow computed once ({@link FrameSequences}); the last share of each clip held out; windows of
 * consecutive frames as the sequences of backpropagation through time, each window's frames stacked as three inputs
 * {@code [logits, flow, extra]} (the extra one made by the fuser from a step and the step before it) with the targets
 * as labels; Adam on a cosine schedule; and the fused labels' mIoU over the held-out tails as the validation. The
 * fuser's network takes those three inputs, (B, L, ...) each, and returns the fused logits of frames 1..L-1.
 *
 * <p>The settings it reads, with these keys in the trainer's defaults: {@code targets} (labels or predictions),
 * {@code window}, {@code stride}, {@code epochs}, {@code batch-size}, {@code learning-rate},
 * {@code validation-share}.
 */
public final class WindowTraining {
    private WindowTraining() {
    }

    /** A fuser's extra input of a step, given the step before it in the window (null for a window's first). */
    public interface Extra extends BiFunction<FrameSequences.Step, FrameSequences.Step, Tensor> {
    }

    /** The training windows and the held-out tails. */
    public record Split(List<List<FrameSequences.Step>> train, List<FrameSequences.Sequence> validation,
                        int validationFrames) {
        /** The logits of the first training step, whose shape every step has. */
        public Tensor probe() {
            return train.get(0).get(0).input();
        }
    }

    /**
     * Checks the shared settings, each failure an {@link IllegalArgumentException} starting with its key, as a
     * trainer factory's {@code create} reports it.
     */
    public static void checkSettings(Config settings) {
        String targets = settings.getString("targets");
        if (!targets.equals("labels") && !targets.equals("predictions")) {
            throw new IllegalArgumentException("targets: labels or predictions, got '" + targets + "'");
        }
        if (settings.getInt("window") < 2) {
            throw new IllegalArgumentException("window: at least 2 frames (one fused), got "
                    + settings.getInt("window"));
        }
        for (String key : List.of("stride", "epochs", "batch-size")) {
            if (settings.getInt(key) < 1) {
                throw new IllegalArgumentException(key + ": must be positive, got " + settings.getInt(key));
            }
        }
        if (!(settings.getDouble("learning-rate") > 0)) {
            throw new IllegalArgumentException("learning-rate: must be positive, got "
                    + settings.getDouble("learning-rate"));
        }
        double share = settings.getDouble("validation-share");
        if (share <= 0 || share >= 1) {
            throw new IllegalArgumentException("validation-share: in (0, 1), got " + share);
        }
    }

    /** Whether the targets are the ground truth where the data has it ({@code targets = labels}). */
    public static boolean labels(Config settings) {
        return settings.getString("targets").equals("labels");
    }

    /**
     * Computes the clips' logits, frames (kept {@code imageDownscale} times coarser than the logits) and flow, and
     * splits them into training windows and held-out tails.
     *
     * @throws IllegalArgumentException (on {@code --data}) when the clips are too short for both
     */
    public static Split split(TrainingContext ctx, Config settings, int imageDownscale) {
        int window = settings.getInt("window");
        FrameSequences all = FrameSequences.compute(ctx, Features.LOGITS, imageDownscale);
        List<FrameSequences> parts = all.splitTails(settings.getDouble("validation-share"), window);
        List<List<FrameSequences.Step>> train = parts.get(0).windows(window, settings.getInt("stride"));
        List<FrameSequences.Sequence> validation = parts.get(1).sequences();
        if (train.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("--data: too few frames for windows of " + window + " frames and a "
                    + "held-out tail per clip (" + all.frames() + " frames in " + all.sequences().size() + " clips)");
        }
        return new Split(train, validation, parts.get(1).frames());
    }

    /** Batches per epoch over {@code windows} training windows. */
    public static int batches(Config settings, int windows) {
        int batchSize = settings.getInt("batch-size");
        return (windows + batchSize - 1) / batchSize;
    }

    /** Adam from {@code learning-rate} down to 2% of it on a cosine schedule over the epochs, gradients clipped at 1. */
    public static Optimizer adam(Config settings, int batches) {
        float lr = (float) settings.getDouble("learning-rate");
        return Optimizer.adam()
                .optLearningRateTracker(CosineTracker.builder().setBaseValue(lr).optFinalValue(lr * 0.02f)
                        .setMaxUpdates(Math.max(1, settings.getInt("epochs") * batches)).build())
                .optClipGrad(1f)
                .build();
    }

    /** The training windows as a dataset of {@code [logits, flow, extra]} with the targets, shuffled from the seed. */
    public static ArrayDataset dataset(NDManager manager, Split split, Extra extra, Config settings, long seed) {
        boolean labels = labels(settings);
        List<List<FrameSequences.Step>> train = split.train();
        return new ArrayDataset.Builder()
                .setData(FrameSequences.stack(manager, train, FrameSequences.Step::input),
                        FrameSequences.stack(manager, train, s -> s.flow().tensor()),
                        FrameSequences.stack(manager, train, extra))
                .optLabels(FrameSequences.stackLabels(manager, train, s -> s.target(labels)))
                .setSampling(new BatchSampler(new SeededShuffle(seed), settings.getInt("batch-size"), false))
                .build();
    }

    /** The fused labels' mIoU over the held-out tails, each run through {@code net} as one sequence from its start. */
    public static double validate(Block net, Split split, Extra extra, Config settings, NDManager parent) {
        requireNonNull(net, "net is null");
        boolean labels = labels(settings);
        SequenceIou iou = new SequenceIou(split.probe().channels());
        try (NDManager scope = parent.newSubManager()) {
            ParameterStore ps = new ParameterStore(scope, false);
            for (FrameSequences.Sequence tail : split.validation()) {
                List<List<FrameSequences.Step>> one = List.of(tail.steps());
                NDArray fused = net.forward(ps, new NDList(FrameSequences.stack(scope, one, FrameSequences.Step::input),
                        FrameSequences.stack(scope, one, s -> s.flow().tensor()),
                        FrameSequences.stack(scope, one, extra)), false).singletonOrThrow();
                iou.addFused(tail, fused.argMax(2).toType(DataType.INT32, false).toIntArray(), labels);
            }
        }
        return iou.mean();
    }

    /**
     * The card's training record of a fuser trained this way: {@link ModelCard#trainingRecord} with its targets
     * ({@code per-frame-model}), the training windows and the held-out frames.
     */
    public static Map<String, Object> record(TrainingContext ctx, Config settings, Split split) {
        Map<String, Object> r = ModelCard.trainingRecord(ctx, "per-frame-model", settings);
        r.put("training-windows", split.train().size());
        r.put("validation-frames", split.validationFrames());
        return r;
    }

    /**
     * Where training starts, on the held-out tails: the per-frame model's mIoU and the fuser's before its first
     * step, both put on {@code record} and told as progress ({@code method} names the fuser). The starting fuser
     * is saved as epoch 0 and kept unless an epoch beats it ({@link TrainingLoop#keepStart()}): a fuser starts at a
     * deliberate point (near the per-frame network, or a fixed mix), and on a few clips training can leave it
     * worse. Returns the per-frame mIoU.
     *
     * @throws IOException when the start cannot be saved
     */
    public static double start(TrainingContext ctx, Split split, Config settings, TrainingLoop loop,
                               Map<String, Object> record, String method) throws IOException {
        double perFrame = SequenceIou.perFrame(split.validation(), labels(settings));
        // On the record before the start is saved, so that its own card (best epoch 0) has them too.
        record.put("validation-miou-per-frame", ModelCard.round(perFrame, 4));
        double start = loop.keepStart(figure -> record.put("validation-miou-at-start", ModelCard.round(figure, 4)));
        ctx.progress(String.format(Locale.ROOT, "held-out tails: per-frame mIoU %.4f, %s at its start %.4f",
                perFrame, method, start));
        return perFrame;
    }
}
