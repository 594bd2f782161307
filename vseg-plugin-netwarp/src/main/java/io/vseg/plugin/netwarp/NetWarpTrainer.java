package io.vseg.plugin.netwarp;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.optimizer.Optimizer;
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
import io.vseg.learn.TrainingLoop;
import io.vseg.learn.WindowTraining;
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

        WindowTraining.Split split = WindowTraining.split(ctx, config, downscale);
        Tensor probe = split.probe();
        int channels = probe.channels();
        int gh = probe.height();
        int gw = probe.width();
        int th = hidden > 0 ? FlowTransform.grid(gh, downscale) : 1;
        int tw = hidden > 0 ? FlowTransform.grid(gw, downscale) : 1;
        ctx.progress(String.format(Locale.ROOT, "%d training windows of %d frames, %d held-out tails (%d frames); "
                        + "logits %dx%d, %d classes; transform %s (%.0f s)", split.train().size(), window,
                split.validation().size(), split.validationFrames(), gw, gh, channels,
                hidden > 0 ? "learned on " + tw + "x" + th : "identity", (System.nanoTime() - started) / 1e9));

        int batchSize = config.getInt("batch-size");
        int batches = WindowTraining.batches(config, split.train().size());
        Optimizer adam = WindowTraining.adam(config, batches);
        WindowTraining.Extra extra = transformInputs(hidden > 0, th, tw);
        Path out = ctx.output();
        Map<String, Object> record = WindowTraining.record(ctx, config, split);
        try (Model model = Model.newInstance(NetWarpModel.NAME, "PyTorch")) {
            NetWarpSequence net = new NetWarpSequence(channels, hidden, (float) config.getDouble("init-w2"));
            model.setBlock(net);
            NDManager data = model.getNDManager().newSubManager();
            ArrayDataset dataset = WindowTraining.dataset(data, split, extra, config, ctx.seed());
            TrainingLoop loop = TrainingLoop.builder(config.getInt("epochs"), ctx.seed())
                    .validation("mIoU", TrainingLoop.Goal.MAXIMIZE,
                            t -> WindowTraining.validate(net, split, extra, config, model.getNDManager()))
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
                double perFrame = WindowTraining.start(ctx, split, config, loop, record, "NetWarp");
                TrainingLoop.Epoch best = loop.fit(dataset, batches).best();
                // The network's weights are the last epoch's; the card in --out has the kept model's.
                ctx.progress(String.format(Locale.ROOT, "best %s: validation mIoU %.4f (per-frame %.4f), kept in %s; "
                                + "%.1f min in all", best.name(), best.validation(), perFrame, out,
                        (System.nanoTime() - started) / 60e9));
            } finally {
                data.close();
            }
        }
        return out;
    }

    /**
     * The transform's input of a step (zero for a window's first frame, which is not fused; a 1x1 placeholder for
     * the identity transform, which reads none).
     */
    private static WindowTraining.Extra transformInputs(boolean learned, int th, int tw) {
        return (before, step) -> !learned
                ? Tensor.zeros(FlowTransform.INPUTS, 1, 1)
                : before == null ? Tensor.zeros(FlowTransform.INPUTS, th, tw)
                : FlowTransform.input(step.flow().resized(th, tw), step.image(), before.image());
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
            WindowTraining.checkSettings(config);
            for (String key : List.of("transform-channels", "transform-downscale")) {
                if (config.getInt(key) < 1) {
                    throw new IllegalArgumentException(key + ": must be positive, got " + config.getInt(key));
                }
            }
            double initW2 = config.getDouble("init-w2");
            if (!(initW2 > 0 && initW2 < 1)) {
                throw new IllegalArgumentException("init-w2: in (0, 1), got " + initW2);
            }
            return new NetWarpTrainer(config);
        }
    }
}
