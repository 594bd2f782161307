package io.vseg.plugin.grfp;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import com.typesafe.config.Config;
import io.vseg.api.Features;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.Trainer;
import io.vseg.api.spi.TrainerFactory;
import io.vseg.api.spi.TrainingContext;
import io.vseg.api.tensor.Tensor;
import io.vseg.learn.Djl;
import io.vseg.learn.FrameSequences;
import io.vseg.learn.FusedCrossEntropy;
import io.vseg.learn.ModelCard;
import io.vseg.learn.SeededShuffle;
import io.vseg.learn.SequenceIou;
import io.vseg.learn.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code vseg train grfp.stgru}: fits the STGRU ({@link StgruCell}) with the per-frame network frozen. The per-frame
 * network's logits, the frames on the logits' grid and the optical flow between consecutive frames are computed once
 * ({@link FrameSequences}), and from them each frame's warping error; training then backpropagates through windows
 * of consecutive frames (the state carried from frame to frame, as the fuser runs), with cross-entropy on frames
 * 1..L-1 against the labels where the data has them (DAVIS masks) and the per-frame network's own labels elsewhere.
 * The last share of every clip is held out: after each epoch the fused labels' mIoU there is measured (each tail
 * run as one sequence from its first frame), and the best epoch's model is kept with its card. The cell starts
 * near the per-frame network (update gate open to the input), so training starts from per-frame quality.
 */
public final class GrfpTrainer implements Trainer {
    public static final String NAME = "grfp.stgru";

    private final Config config;

    private GrfpTrainer(Config config) {
        this.config = config;
    }

    @Override
    public Path train(TrainingContext ctx) throws IOException {
        long started = System.nanoTime();
        Djl.configure(ctx.threads());
        int window = config.getInt("window");
        boolean useLabels = config.getString("targets").equals("labels");

        FrameSequences all = FrameSequences.compute(ctx, Features.LOGITS, 1);
        List<FrameSequences> split = all.splitTails(config.getDouble("validation-share"), window);
        List<List<FrameSequences.Step>> train = split.get(0).windows(window, config.getInt("stride"));
        List<FrameSequences.Sequence> validation = split.get(1).sequences();
        if (train.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("--data: too few frames for windows of " + window + " frames and a "
                    + "held-out tail per clip (" + all.frames() + " frames in " + all.sequences().size() + " clips)");
        }
        Tensor probe = train.get(0).get(0).input();
        int channels = probe.channels();
        int gh = probe.height();
        int gw = probe.width();
        ctx.progress(String.format(Locale.ROOT, "%d training windows of %d frames, %d held-out tails (%d frames); "
                        + "logits %dx%d, %d classes (%.0f s)", train.size(), window, validation.size(),
                split.get(1).frames(), gw, gh, channels, (System.nanoTime() - started) / 1e9));

        int batchSize = config.getInt("batch-size");
        int epochs = config.getInt("epochs");
        int batches = (train.size() + batchSize - 1) / batchSize;
        float lr = (float) config.getDouble("learning-rate");
        Optimizer adam = Optimizer.adam()
                .optLearningRateTracker(CosineTracker.builder().setBaseValue(lr).optFinalValue(lr * 0.02f)
                        .setMaxUpdates(Math.max(1, epochs * batches)).build())
                .optClipGrad(1f)
                .build();
        Path out = ctx.output();
        Map<String, Object> record = record(ctx, train.size(), split.get(1).frames());
        try (Model model = Model.newInstance(GrfpModel.NAME, "PyTorch")) {
            StgruCell cell = new StgruCell(channels, config.getInt("hidden"), config.getInt("kernel"),
                    (float) config.getDouble("init-lambda"), (float) config.getDouble("init-update-bias"));
            GrfpSequence net = new GrfpSequence(cell);
            model.setBlock(net);
            NDManager data = model.getNDManager().newSubManager();
            ArrayDataset dataset = new ArrayDataset.Builder()
                    .setData(FrameSequences.stack(data, train, FrameSequences.Step::input),
                            FrameSequences.stack(data, train, s -> s.flow().tensor()),
                            FrameSequences.stack(data, train, GrfpTrainer::error))
                    .optLabels(FrameSequences.stackLabels(data, train, s -> s.target(useLabels)))
                    .setSampling(new BatchSampler(new SeededShuffle(ctx.seed()), batchSize, false))
                    .build();
            TrainingLoop loop = TrainingLoop.builder(epochs, ctx.seed())
                    .validation("mIoU", TrainingLoop.Goal.MAXIMIZE, t -> validate(net, validation, useLabels,
                            model.getNDManager()))
                    .checkpoint(out, epoch -> GrfpModel.save(out, model, ModelCard.withEpoch(record, epoch, "validation-miou", started)))
                    .progress(ctx::progress)
                    .build();
            DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(new FusedCrossEntropy()).optOptimizer(adam);
            try (ai.djl.training.Trainer trainer = loop.newTrainer(model, trainingConfig,
                    new Shape(batchSize, window, channels, gh, gw), new Shape(batchSize, window, 2, gh, gw),
                    new Shape(batchSize, window, 1, gh, gw))) {
                cell.startNearPerFrame();
                double perFrame = SequenceIou.perFrame(validation, useLabels);
                double start = loop.validate();
                record.put("validation-miou-per-frame", ModelCard.round(perFrame, 4));
                record.put("validation-miou-at-start", ModelCard.round(start, 4));
                ctx.progress(String.format(Locale.ROOT, "held-out tails: per-frame mIoU %.4f, GRFP at its start %.4f",
                        perFrame, start));
                TrainingLoop.Epoch best = loop.fit(dataset, batches).best();
                ctx.progress(String.format(Locale.ROOT, "best epoch %d: validation mIoU %.4f (per-frame %.4f); "
                                + "lambda %.3f, scale %s; %.1f min in all", best.number(), best.validation(), perFrame,
                        cell.lambda(), ModelCard.floats(cell.scale()), (System.nanoTime() - started) / 60e9));
            } finally {
                data.close();
            }
        }
        return out;
    }

    /** The warping error of a step (1, H, W) against the step before it in the window; zero for a window's first. */
    private static Tensor error(FrameSequences.Step before, FrameSequences.Step step) {
        Tensor x = step.input();
        return before == null ? Tensor.zeros(1, x.height(), x.width())
                : StgruCell.error(step.image(), before.image(), step.flow());
    }

    /** mIoU of the fused labels over the held-out tails, each run as one sequence from its first frame. */
    private static double validate(GrfpSequence net, List<FrameSequences.Sequence> tails, boolean useLabels,
                                   NDManager parent) {
        SequenceIou miou = new SequenceIou(net.cell().channels());
        try (NDManager scope = parent.newSubManager()) {
            ParameterStore ps = new ParameterStore(scope, false);
            for (FrameSequences.Sequence tail : tails) {
                List<List<FrameSequences.Step>> one = List.of(tail.steps());
                NDArray fused = net.forward(ps, new NDList(FrameSequences.stack(scope, one, FrameSequences.Step::input),
                        FrameSequences.stack(scope, one, s -> s.flow().tensor()),
                        FrameSequences.stack(scope, one, GrfpTrainer::error)), false).singletonOrThrow();
                miou.addFused(tail, fused.argMax(2).toType(DataType.INT32, false).toIntArray(), useLabels);
            }
        }
        return miou.mean();
    }

    private Map<String, Object> record(TrainingContext ctx, int windows, int validationFrames) {
        Map<String, Object> r = ModelCard.trainingRecord(ctx, "per-frame-model", config);
        r.put("training-windows", windows);
        r.put("validation-frames", validationFrames);
        return r;
    }

    /** Its factory; defaults at {@code vseg.trainers."grfp.stgru"}. */
    public static final class Factory implements TrainerFactory {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "train GRFP's STGRU on clips (BPTT over windows), the per-frame model frozen";
        }

        @Override
        public Trainer create(Config config, ComponentContext context) {
            String targets = config.getString("targets");
            if (!targets.equals("labels") && !targets.equals("predictions")) {
                throw new IllegalArgumentException("targets: labels or predictions, got '" + targets + "'");
            }
            if (config.getInt("window") < 2) {
                throw new IllegalArgumentException("window: at least 2 frames (one fused), got "
                        + config.getInt("window"));
            }
            for (String key : List.of("stride", "epochs", "batch-size")) {
                if (config.getInt(key) < 1) {
                    throw new IllegalArgumentException(key + ": must be positive, got " + config.getInt(key));
                }
            }
            int kernel = config.getInt("kernel");
            if (kernel < 1 || kernel % 2 == 0) {
                throw new IllegalArgumentException("kernel: odd and positive, got " + kernel);
            }
            if (config.getInt("hidden") < 0) {
                throw new IllegalArgumentException("hidden: 0 or more, got " + config.getInt("hidden"));
            }
            if (!(config.getDouble("learning-rate") > 0)) {
                throw new IllegalArgumentException("learning-rate: must be positive, got "
                        + config.getDouble("learning-rate"));
            }
            double share = config.getDouble("validation-share");
            if (share <= 0 || share >= 1) {
                throw new IllegalArgumentException("validation-share: in (0, 1), got " + share);
            }
            return new GrfpTrainer(config);
        }
    }
}
