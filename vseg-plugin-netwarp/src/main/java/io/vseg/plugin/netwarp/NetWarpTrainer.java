package io.vseg.plugin.netwarp;

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
 * {@code vseg train netwarp}: fits NetWarp's per-channel weights (a convex mix, see {@link NetWarpSequence}) and flow
 * transform with the per-frame network frozen.
 * The per-frame network's outputs, the frames and the optical flow between consecutive frames are computed once
 * ({@link FrameSequences}); training then backpropagates through windows of consecutive frames (the fused
 * representation carried from frame to frame, as the fuser runs), against the labels where the data has them
 * (DAVIS masks) and the per-frame network's own labels elsewhere. The last share of every clip is held out: after
 * each epoch the fused labels' mIoU there is measured, and the best epoch's model is kept with its card.
 *
 * <p>It trains the fusion of the {@code logits} stage. Fusing an intermediate stage needs the gradient through the
 * network's later stages, which the API hands a trainer as plain tensors; such a stage runs with fixed weights
 * ({@code model = ""}, {@code w1}, {@code w2}).
 */
public final class NetWarpTrainer implements Trainer {
    public static final String NAME = "netwarp";

    private final Config config;

    private NetWarpTrainer(Config config) {
        this.config = config;
    }

    @Override
    public Path train(TrainingContext ctx) throws IOException {
        long started = System.nanoTime();
        Djl.configure(ctx.threads());
        int window = config.getInt("window");
        int hidden = config.getString("transform").equals("learned") ? config.getInt("transform-channels") : 0;
        int downscale = config.getInt("transform-downscale");
        boolean useLabels = config.getString("targets").equals("labels");

        FrameSequences all = FrameSequences.compute(ctx, Features.LOGITS, downscale);
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
        int th = hidden > 0 ? FlowTransform.grid(gh, downscale) : 1;
        int tw = hidden > 0 ? FlowTransform.grid(gw, downscale) : 1;
        ctx.progress(String.format(Locale.ROOT, "%d training windows of %d frames, %d held-out tails (%d frames); "
                        + "logits %dx%d, %d classes; transform %s (%.0f s)", train.size(), window, validation.size(),
                split.get(1).frames(), gw, gh, channels, hidden > 0 ? "learned on " + tw + "x" + th : "identity",
                (System.nanoTime() - started) / 1e9));

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
        try (Model model = Model.newInstance(NetWarpModel.NAME, "PyTorch")) {
            NetWarpSequence net = new NetWarpSequence(channels, hidden, (float) config.getDouble("init-w2"));
            model.setBlock(net);
            NDManager data = model.getNDManager().newSubManager();
            ArrayDataset dataset = new ArrayDataset.Builder()
                    .setData(FrameSequences.stack(data, train, FrameSequences.Step::input),
                            FrameSequences.stack(data, train, s -> s.flow().tensor()),
                            transformInputs(data, train, hidden > 0, th, tw))
                    .optLabels(FrameSequences.stackLabels(data, train, s -> s.target(useLabels)))
                    .setSampling(new BatchSampler(new SeededShuffle(ctx.seed()), batchSize, false))
                    .build();
            TrainingLoop loop = TrainingLoop.builder(epochs, ctx.seed())
                    .validation("mIoU", TrainingLoop.Goal.MAXIMIZE, t -> validate(net, validation, useLabels, hidden > 0,
                            th, tw, model.getNDManager()))
                    .checkpoint(out, epoch -> NetWarpModel.save(out, model, Features.LOGITS, hidden, downscale,
                            ModelCard.withEpoch(record, epoch, "validation-miou", started)))
                    .progress(ctx::progress)
                    .build();
            DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(new FusedCrossEntropy()).optOptimizer(adam);
            try (ai.djl.training.Trainer trainer = loop.newTrainer(model, trainingConfig,
                    new Shape(batchSize, window, channels, gh, gw), new Shape(batchSize, window, 2, gh, gw),
                    new Shape(batchSize, window, FlowTransform.INPUTS, th, tw))) {
                if (net.transform() != null) {
                    FlowTransform.zeroLastLayer(net.transform());
                }
                double perFrame = SequenceIou.perFrame(validation, useLabels);
                double start = loop.validate();
                record.put("validation-miou-per-frame", ModelCard.round(perFrame, 4));
                record.put("validation-miou-at-start", ModelCard.round(start, 4));
                ctx.progress(String.format(Locale.ROOT, "held-out tails: per-frame mIoU %.4f, NetWarp at its start "
                        + "%.4f", perFrame, start));
                TrainingLoop.Epoch best = loop.fit(dataset, batches).best();
                ctx.progress(String.format(Locale.ROOT, "best epoch %d: validation mIoU %.4f (per-frame %.4f); w1 %s, "
                                + "w2 %s; %.1f min in all", best.number(), best.validation(), perFrame,
                        ModelCard.floats(net.w1()), ModelCard.floats(net.w2()), (System.nanoTime() - started) / 60e9));
            } finally {
                data.close();
            }
        }
        return out;
    }

    /** The transform's inputs of every window's frames (zero for each window's first frame, which is not fused). */
    private static NDArray transformInputs(NDManager manager, List<List<FrameSequences.Step>> windows, boolean learned,
                                           int th, int tw) {
        return FrameSequences.stack(manager, windows, (before, step) -> !learned
                ? Tensor.zeros(FlowTransform.INPUTS, 1, 1)
                : before == null ? Tensor.zeros(FlowTransform.INPUTS, th, tw)
                : FlowTransform.input(step.flow().resized(th, tw), step.image(), before.image()));
    }

    /** mIoU of the fused labels over the held-out tails, each run as one sequence from its first frame. */
    private static double validate(NetWarpSequence net, List<FrameSequences.Sequence> tails, boolean useLabels,
                                   boolean learned, int th, int tw, NDManager parent) {
        SequenceIou miou = new SequenceIou(net.channels());
        try (NDManager scope = parent.newSubManager()) {
            ParameterStore ps = new ParameterStore(scope, false);
            for (FrameSequences.Sequence tail : tails) {
                List<List<FrameSequences.Step>> one = List.of(tail.steps());
                NDArray fused = net.forward(ps, new NDList(FrameSequences.stack(scope, one, FrameSequences.Step::input),
                        FrameSequences.stack(scope, one, s -> s.flow().tensor()),
                        transformInputs(scope, one, learned, th, tw)), false).singletonOrThrow();
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

    /** Its factory; defaults at {@code vseg.trainers.netwarp}. */
    public static final class Factory implements TrainerFactory {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "train NetWarp's flow transform and per-channel weights on clips, the per-frame model frozen";
        }

        @Override
        public Trainer create(Config config, ComponentContext context) {
            String stage = config.getString("stage");
            if (!stage.equals(Features.LOGITS)) {
                throw new IllegalArgumentException("stage: only logits can be trained (the gradient through the "
                        + "network's later stages is not available to a plugin), got '" + stage + "'");
            }
            String transform = config.getString("transform");
            if (!transform.equals("learned") && !transform.equals("identity")) {
                throw new IllegalArgumentException("transform: learned or identity, got '" + transform + "'");
            }
            String targets = config.getString("targets");
            if (!targets.equals("labels") && !targets.equals("predictions")) {
                throw new IllegalArgumentException("targets: labels or predictions, got '" + targets + "'");
            }
            if (config.getInt("window") < 2) {
                throw new IllegalArgumentException("window: at least 2 frames (one fused), got " + config.getInt("window"));
            }
            for (String key : List.of("stride", "epochs", "batch-size", "transform-channels", "transform-downscale")) {
                if (config.getInt(key) < 1) {
                    throw new IllegalArgumentException(key + ": must be positive, got " + config.getInt(key));
                }
            }
            double initW2 = config.getDouble("init-w2");
            if (!(initW2 > 0 && initW2 < 1)) {
                throw new IllegalArgumentException("init-w2: in (0, 1), got " + initW2);
            }
            if (!(config.getDouble("learning-rate") > 0)) {
                throw new IllegalArgumentException("learning-rate: must be positive, got "
                        + config.getDouble("learning-rate"));
            }
            double share = config.getDouble("validation-share");
            if (share <= 0 || share >= 1) {
                throw new IllegalArgumentException("validation-share: in (0, 1), got " + share);
            }
            return new NetWarpTrainer(config);
        }
    }
}
