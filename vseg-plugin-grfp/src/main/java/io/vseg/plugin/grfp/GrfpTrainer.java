package io.vseg.plugin.grfp;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.optimizer.Optimizer;
import com.typesafe.config.Config;
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

        WindowTraining.Split split = WindowTraining.split(ctx, config, 1);
        Tensor probe = split.probe();
        int channels = probe.channels();
        int gh = probe.height();
        int gw = probe.width();
        ctx.progress(String.format(Locale.ROOT, "%d training windows of %d frames, %d held-out tails (%d frames); "
                        + "logits %dx%d, %d classes (%.0f s)", split.train().size(), window, split.validation().size(),
                split.validationFrames(), gw, gh, channels, (System.nanoTime() - started) / 1e9));

        int batchSize = config.getInt("batch-size");
        int batches = WindowTraining.batches(config, split.train().size());
        Optimizer adam = WindowTraining.adam(config, batches);
        WindowTraining.Extra extra = GrfpTrainer::error;
        Path out = ctx.output();
        Map<String, Object> record = WindowTraining.record(ctx, config, split);
        try (Model model = Model.newInstance(GrfpModel.NAME, "PyTorch")) {
            StgruCell cell = new StgruCell(channels, config.getInt("hidden"), config.getInt("kernel"),
                    (float) config.getDouble("init-lambda"), (float) config.getDouble("init-update-bias"));
            GrfpSequence net = new GrfpSequence(cell);
            model.setBlock(net);
            NDManager data = model.getNDManager().newSubManager();
            ArrayDataset dataset = WindowTraining.dataset(data, split, extra, config, ctx.seed());
            TrainingLoop loop = TrainingLoop.builder(config.getInt("epochs"), ctx.seed())
                    .validation("mIoU", TrainingLoop.Goal.MAXIMIZE,
                            t -> WindowTraining.validate(net, split, extra, config, model.getNDManager()))
                    .checkpoint(out, epoch -> GrfpModel.save(out, model,
                            ModelCard.withEpoch(record, epoch, "validation-miou", started)))
                    .progress(ctx::progress)
                    .build();
            DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(new FusedCrossEntropy()).optOptimizer(adam);
            try (ai.djl.training.Trainer trainer = loop.newTrainer(model, trainingConfig,
                    new Shape(batchSize, window, channels, gh, gw), new Shape(batchSize, window, 2, gh, gw),
                    new Shape(batchSize, window, 1, gh, gw))) {
                cell.startNearPerFrame();
                double perFrame = WindowTraining.start(ctx, split, config, loop, record, "GRFP");
                TrainingLoop.Epoch best = loop.fit(dataset, batches).best();
                // The cell's λ and s are the last epoch's; the card in --out has the kept model's.
                ctx.progress(String.format(Locale.ROOT, "best %s: validation mIoU %.4f (per-frame %.4f), kept in %s; "
                                + "%.1f min in all", best.name(), best.validation(), perFrame, out,
                        (System.nanoTime() - started) / 60e9));
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
            WindowTraining.checkSettings(config);
            int kernel = config.getInt("kernel");
            if (kernel < 1 || kernel % 2 == 0) {
                throw new IllegalArgumentException("kernel: odd and positive, got " + kernel);
            }
            if (config.getInt("hidden") < 0) {
                throw new IllegalArgumentException("hidden: 0 or more, got " + config.getInt("hidden"));
            }
            return new GrfpTrainer(config);
        }
    }
}
