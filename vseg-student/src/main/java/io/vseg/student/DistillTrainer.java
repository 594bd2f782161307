package io.vseg.student;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import com.typesafe.config.Config;
import io.vseg.api.Features;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.Trainer;
import io.vseg.api.spi.TrainerFactory;
import io.vseg.api.spi.TrainingClip;
import io.vseg.api.spi.TrainingContext;
import io.vseg.api.tensor.Tensors;
import io.vseg.learn.ConvBlocks;
import io.vseg.learn.Djl;
import io.vseg.learn.ModelCard;
import io.vseg.learn.TrainingLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code vseg train distill}: fits a {@link StudentNet} to the per-frame model of a pipeline (the teacher) on
 * the user's video. Targets are the teacher's soft predictions, blended with the ground truth where a dataset
 * has it; inputs are random windows (scale and position) of the frames, mirrored half the time, with another
 * frame's objects pasted over some and the colours changed, the teacher labelling each such image afresh
 * (a few scenes are all most users have: without this the student learns the scenes, not the objects). The last
 * share of each clip's frames is held out for validation: after every epoch the student's agreement with the
 * teacher there (mIoU of the two label maps) is reported, and the best epoch's model is what stays in the
 * output folder, with its card ({@link StudentModel#CARD}).
 */
public final class DistillTrainer implements Trainer {
    public static final String NAME = "distill";

    private final Config config;
    private final int threads;
    /** The pretrained network the mobile student starts from, or null. */
    private final Path init;

    private DistillTrainer(Config config, int threads, Path init) {
        this.config = config;
        this.threads = threads;
        this.init = init;
    }

    @Override
    public Path train(TrainingContext ctx) throws IOException {
        long started = System.nanoTime();
        Djl.configure(threads);
        StudentArchitecture arch = architecture(config, ctx.classes().size());
        int width = config.getInt("input-width");
        int height = config.getInt("input-height");
        int epochs = config.getInt("epochs");
        int batchSize = config.getInt("batch-size");

        List<DistillSample> train = new ArrayList<>();
        List<DistillSample> validation = new ArrayList<>();
        teacherTargets(ctx, train, validation);
        ctx.progress(String.format(Locale.ROOT, "teacher: %d training and %d validation frames (%.0f s)",
                train.size(), validation.size(), (System.nanoTime() - started) / 1e9));
        DistillDataset.Augment augment = new DistillDataset.Augment(config.getDouble("colour"),
                config.getDouble("paste-probability"), config.getBoolean("online-teacher")
                ? image -> Tensors.softmax(ctx.predict(image).tensor(Features.LOGITS)) : null);
        DistillDataset trainSet = new DistillDataset(train, width, height, arch, batchSize, true, ctx.seed(),
                config.getDouble("min-scale"), config.getBoolean("flip"), config.getDouble("ground-truth-weight"),
                augment);
        DistillDataset validationSet = new DistillDataset(validation, width, height, arch, batchSize, false,
                ctx.seed(), 1, false, 0, DistillDataset.Augment.NONE);

        float lr = (float) config.getDouble("learning-rate");
        int steps = Math.max(1, epochs * trainSet.batches());
        Optimizer adam = Optimizer.adam()
                .optLearningRateTracker(CosineTracker.builder().setBaseValue(lr).optFinalValue(lr * 0.02f)
                        .setMaxUpdates(steps).build())
                .optWeightDecays((float) config.getDouble("weight-decay"))
                .build();
        Path out = ctx.output();
        Map<String, Object> record = record(ctx, train.size(), validation.size());
        try (StudentModel model = StudentModel.create(arch, ctx.classes(), width, height)) {
            TrainingLoop loop = TrainingLoop.builder(epochs, ctx.seed())
                    .validation("agreement", TrainingLoop.Goal.MAXIMIZE, t -> agreement(model, validationSet))
                    .checkpoint(out, epoch -> model.save(out, card(record, epoch, started)))
                    .progress(ctx::progress)
                    .build();
            DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(
                    new DistillationLoss((float) config.getDouble("aux-weight")))
                    .optOptimizer(adam);
            try (ai.djl.training.Trainer trainer = loop.newTrainer(model.model(), trainingConfig,
                    new Shape(batchSize, 3, height, width))) {
                if (init != null) {
                    int n = PretrainedWeights.load(init, model.net());
                    ctx.progress("init: " + n + " layers (encoder, head, classifier) from " + init);
                    double agreement = loop.validate();
                    record.put("validation-agreement-at-start", ModelCard.round(agreement, 4));
                    ctx.progress(String.format(Locale.ROOT, "start: validation agreement %.4f", agreement));
                }
                TrainingLoop.Epoch best = loop.fit(trainSet, trainSet.batches()).best();
                ctx.progress(String.format(Locale.ROOT, "best epoch %d: validation agreement %.4f; %.1f min in all",
                        best.number(), best.validation(), (System.nanoTime() - started) / 60e9));
            }
        }
        return out;
    }

    /** The student's shape from the trainer's keys ({@code layout}, {@code channels}, {@code depth}). */
    static StudentArchitecture architecture(Config config, int classes) {
        StudentArchitecture.Layout layout = StudentArchitecture.Layout.parse("layout", config.getString("layout"));
        if (layout == StudentArchitecture.Layout.MOBILE) {
            return StudentArchitecture.mobile(classes);
        }
        return new StudentArchitecture(config.getInt("channels.stage1"), config.getInt("channels.stage2"),
                config.getInt("channels.stage3"), config.getInt("depth"), config.getInt("channels.head"), classes);
    }

    /** The teacher's probabilities for every used frame; the last share of each clip goes to validation. */
    private void teacherTargets(TrainingContext ctx, List<DistillSample> train, List<DistillSample> validation) {
        int step = config.getInt("frame-step");
        double share = config.getDouble("validation-share");
        for (TrainingClip clip : ctx.clips()) {
            List<Integer> used = new ArrayList<>();
            for (int i = 0; i < clip.size(); i += step) {
                used.add(i);
            }
            int valCount = share <= 0 ? 0 : Math.max(1, (int) Math.round(used.size() * share));
            for (int k = 0; k < used.size(); k++) {
                int i = used.get(k);
                var frame = clip.frame(i);
                var teacher = Tensors.softmax(ctx.predict(frame.image()).tensor(Features.LOGITS));
                var truth = clip.annotation(i).orElse(null);
                DistillSample s = new DistillSample(frame.image(), teacher, truth);
                (k >= used.size() - valCount ? validation : train).add(s);
            }
            ctx.progress("teacher: " + clip.name() + ", " + used.size() + " frames");
        }
        if (train.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("--data: too few frames for training and validation ("
                    + train.size() + " and " + validation.size() + ")");
        }
    }

    private Map<String, Object> record(TrainingContext ctx, int trainFrames, int validationFrames) {
        Map<String, Object> r = ModelCard.trainingRecord(ctx, "teacher", config);
        r.put("training-frames", trainFrames);
        r.put("validation-frames", validationFrames);
        return r;
    }

    /** The card's training record for the best epoch so far: how the model was made and what it reached. */
    private static Map<String, Object> card(Map<String, Object> record, TrainingLoop.Epoch epoch, long started) {
        Map<String, Object> r = new LinkedHashMap<>(record);
        r.put("epochs-run", epoch.number());
        r.put("best-epoch", epoch.number());
        r.put("validation-agreement-miou", ModelCard.round(epoch.validation(), 4));
        r.put("train-loss", ModelCard.round(epoch.trainLoss(), 4));
        r.put("minutes", ModelCard.round((System.nanoTime() - started) / 60e9, 2));
        return r;
    }

    /** mIoU between the student's and the teacher's label maps over the validation frames. */
    private static double agreement(StudentModel model, DistillDataset validation) {
        int k = model.classes().size();
        long[] inter = new long[k];
        long[] union = new long[k];
        try (NDManager scope = model.manager().newSubManager()) {
            ParameterStore ps = new ParameterStore(scope, false);
            for (Batch b : validation.getData(scope)) {
                try (b) {
                    NDArray target = b.getLabels().head();
                    Shape s = target.getShape();
                    NDList pred = model.net().forward(ps, b.getData(), false);
                    NDArray mine = ConvBlocks.resize(pred.head(), s.get(2), s.get(3)).argMax(1);
                    NDArray theirs = target.argMax(1);
                    for (int c = 0; c < k; c++) {
                        NDArray a = mine.eq(c);
                        NDArray t = theirs.eq(c);
                        inter[c] += a.logicalAnd(t).sum().getLong();
                        union[c] += a.logicalOr(t).sum().getLong();
                    }
                }
            }
        }
        double sum = 0;
        int n = 0;
        for (int c = 0; c < k; c++) {
            if (union[c] > 0) {
                sum += (double) inter[c] / union[c];
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /** Its factory; defaults at {@code vseg.trainers.distill}. */
    public static final class Factory implements TrainerFactory {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "distil the pipeline's per-frame model into a staged student network (for the djl extractor)";
        }

        @Override
        public Trainer create(Config config, ComponentContext context) {
            int width = config.getInt("input-width");
            int height = config.getInt("input-height");
            if (width % 16 != 0 || height % 16 != 0 || width < 16 || height < 16) {
                throw new IllegalArgumentException("input-width, input-height: multiples of 16, got " + width + "x" + height);
            }
            if (config.getInt("epochs") < 1 || config.getInt("batch-size") < 1 || config.getInt("frame-step") < 1) {
                throw new IllegalArgumentException("epochs, batch-size, frame-step: must be positive");
            }
            double g = config.getDouble("ground-truth-weight");
            if (g < 0 || g > 1) {
                throw new IllegalArgumentException("ground-truth-weight: in [0, 1], got " + g);
            }
            double p = config.getDouble("paste-probability");
            if (p < 0 || p > 1 || config.getDouble("colour") < 0 || config.getDouble("colour") >= 1) {
                throw new IllegalArgumentException("paste-probability, colour: in [0, 1], got " + p + ", "
                        + config.getDouble("colour"));
            }
            double s = config.getDouble("min-scale");
            if (s <= 0 || s > 1) {
                throw new IllegalArgumentException("min-scale: in (0, 1], got " + s);
            }
            // Only the mobile layout has a pretrained form; the plain one always starts from random weights.
            boolean mobile = architecture(config, 2).layout() == StudentArchitecture.Layout.MOBILE;
            String init = config.getString("init");
            Path initPath = init.isEmpty() || !mobile ? null : context.resolve(init);
            if (initPath != null && !Files.isRegularFile(initPath)) {
                throw new IllegalArgumentException("init: " + initPath + ": no such file (scripts/setup.sh fetches "
                        + "the bundled model; init = \"\" trains the student from scratch)");
            }
            return new DistillTrainer(config, context.threads(), initPath);
        }
    }

}
