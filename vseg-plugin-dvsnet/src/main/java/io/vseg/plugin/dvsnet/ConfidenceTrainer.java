package io.vseg.plugin.dvsnet;

import com.typesafe.config.Config;
import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.Region;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.Trainer;
import io.vseg.api.spi.TrainerFactory;
import io.vseg.api.spi.TrainingClip;
import io.vseg.api.spi.TrainingContext;
import io.vseg.api.tensor.BorderMode;
import io.vseg.api.tensor.FlowField;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import io.vseg.learn.MlpFit;
import io.vseg.learn.ModelCard;
import io.vseg.learn.Samples;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code vseg train dvsnet.confidence}: fits the decision model self-supervised, on unlabeled video. Every
 * {@code key-step}-th frame of a clip is taken as the key of every region; for each offset 1..{@code max-offset}
 * the region's key prediction (the per-frame model's, on the region's crop or on the whole frame as
 * {@code segment-on} says) is warped to the later frame along the pipeline's flow, exactly as
 * {@code dff.flow-warp} does at run time, and the target is the share of the region's score cells where the
 * warped prediction's label equals the fresh prediction's. The input is the
 * region's {@link MotionFeatures}. Scene cuts are rare in short clips, so {@code cuts} pairs per clip take the key
 * from another clip, labelled the same way. Validation uses whole clips the training never sees; the report
 * gives its error beside that of predicting the mean and of the analytic estimate. With {@code refit} (the
 * default), the epoch count chosen on them is then run again on every clip, and that model is saved.
 */
public final class ConfidenceTrainer implements Trainer {
    static final String MODEL_NAME = "dvsnet-confidence";

    private final Config config;
    private final int columns;
    private final int rows;
    private final SegmentOn configuredSegmentOn;
    private SegmentOn segmentOn;

    private ConfidenceTrainer(Config config) {
        this.config = config;
        this.configuredSegmentOn = SegmentOn.parse(config.getString("segment-on"));
        int[] grid = RegionGrid.parse(config.getString("regions"));
        this.columns = grid[0];
        this.rows = grid[1];
    }

    @Override
    public Path train(TrainingContext ctx) throws IOException {
        long started = System.nanoTime();
        segmentOn = configuredSegmentOn.resolve(ctx.capabilities());
        int maxOffset = config.getInt("max-offset");
        int keyStep = config.getInt("key-step");
        int overlap = config.getInt("overlap");
        BorderMode border = BorderMode.valueOf(config.getString("border").toUpperCase(Locale.ROOT));
        Samples samples = new Samples(MotionFeatures.NAMES.size());
        List<TrainingClip> clips = ctx.clips();
        Random random = new Random(ctx.seed());
        for (int c = 0; c < clips.size(); c++) {
            TrainingClip clip = clips.get(c);
            ClipCache cache = new ClipCache(clip, ctx, overlap);
            int before = samples.size();
            for (int k = 0; k < clip.size(); k += keyStep) {
                for (int o = 1; o <= maxOffset && k + o < clip.size(); o++) {
                    addPairs(ctx, samples, c, cache, k, cache, k + o, o, border);
                }
            }
            TrainingClip other = clips.get((c + 1) % clips.size());
            if (clips.size() > 1 && other.frame(0).width() == clip.frame(0).width()
                    && other.frame(0).height() == clip.frame(0).height()) {
                ClipCache otherCache = new ClipCache(other, ctx, overlap);
                for (int i = 0; i < config.getInt("cuts"); i++) {
                    addPairs(ctx, samples, c, otherCache, random.nextInt(other.size()), cache,
                            random.nextInt(clip.size()), 1 + random.nextInt(maxOffset), border);
                }
            }
            ctx.progress(String.format(Locale.ROOT, "%s: %d samples (%.0f s)", clip.name(), samples.size() - before,
                    (System.nanoTime() - started) / 1e9));
        }
        Samples.Split split;
        try {
            split = samples.split(config.getDouble("validation-share"), ctx.seed());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--data: " + e.getMessage() + "; give more clips or frames", e);
        }
        double analytic = split.validation().squaredError(ConfidenceModel.ANALYTIC::confidence);
        List<String> validationClips = split.validationGroups().stream().map(g -> clips.get(g).name()).toList();
        String held = clips.size() == 1 ? "the last frames of " + clips.get(0).name() : "clips " + validationClips;
        ctx.progress(String.format(Locale.ROOT, "%d training and %d validation samples (validation: %s); "
                        + "mean target %.3f", split.train().size(), split.validation().size(), held,
                split.train().meanTarget()));

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("command", ctx.command());
        record.put("per-frame-model", ctx.teacher());
        record.put("seed", ctx.seed());
        record.put("threads", ctx.threads());
        List<String> data = new ArrayList<>();
        clips.forEach(clip -> data.add(clip.name() + " (" + clip.size() + " frames)"));
        record.put("data", data);
        record.put("validation-clips", validationClips);
        record.put("validation-mse-of-analytic", ModelCard.round(analytic, 6));
        record.put("hyperparameters", config.root().unwrapped());
        record.put("segment-on", segmentOn.name().toLowerCase(Locale.ROOT));
        int[] hidden = config.getIntList("hidden").stream().mapToInt(Integer::intValue).toArray();
        MlpFit.Options options = new MlpFit.Options(hidden, config.getInt("epochs"), config.getInt("batch-size"),
                config.getDouble("learning-rate"), config.getDouble("weight-decay"), ctx.seed(), ctx.threads(),
                config.getBoolean("refit"));
        MlpFit.Result result = MlpFit.fit(split.train(), split.validation(), MotionFeatures.NAMES, options,
                ctx.output(), MODEL_NAME, record, ctx::progress);
        ctx.progress(String.format(Locale.ROOT, "best epoch %d: validation mse %.5f (mean predictor %.5f, analytic "
                        + "%.5f), train mse %.5f; %.1f min in all", result.bestEpoch(), result.validationError(),
                result.meanError(), analytic, result.trainError(), (System.nanoTime() - started) / 60e9));
        return ctx.output();
    }

    /**
     * One sample per region: key frame {@code k} of {@code keyClip}, current frame {@code t} of {@code clip}. The
     * target is what the run would see: with {@link SegmentOn#CROP}, the region's crop prediction warped along the
     * crop of the flow against the fresh crop prediction; with {@link SegmentOn#FRAME}, the whole frame's
     * prediction warped along the whole flow against the fresh whole-frame prediction, counted inside the region.
     */
    private void addPairs(TrainingContext ctx, Samples samples, int group, ClipCache keyClip, int k, ClipCache clip,
                          int t, int offset, BorderMode border) {
        Frame key = keyClip.clip.frame(k);
        Frame current = clip.clip.frame(t);
        FlowField flow = ctx.flow(current.image(), key.image());
        MotionGrid grid = new MotionGrid(flow.width(), flow.height(), current.width(), current.height());
        List<Tensor> keyScores = keyClip.scores(k);
        List<Tensor> nowScores = clip.scores(t);
        float[] keyGrey = keyClip.grey(k, grid);
        float[] nowGrey = clip.grey(t, grid);
        MotionGrid.KeyCells keyCells;
        float[] targets = new float[clip.regions.size()];
        if (segmentOn == SegmentOn.CROP) {
            keyCells = keyClip.cells(k, grid, () -> grid.cells(keyClip.regions, keyScores, columns, rows));
            for (int r = 0; r < targets.length; r++) {
                Region region = clip.regions.get(r);
                FlowField regionFlow = flow.region(region.x(), region.y(), region.width(), region.height(),
                        current.width(), current.height());
                targets[r] = agreement(Tensors.argmax(Tensors.warp(keyScores.get(r), regionFlow, border)),
                        Tensors.argmax(nowScores.get(r)), null);
            }
        } else {
            Region whole = Region.whole(current.width(), current.height());
            keyCells = keyClip.cells(k, grid, () -> grid.cells(List.of(whole), keyScores, 1, 1));
            Tensor fresh = nowScores.get(0);
            int[] warped = Tensors.argmax(Tensors.warp(keyScores.get(0), flow, border));
            int[] now = Tensors.argmax(fresh);
            for (int r = 0; r < targets.length; r++) {
                Region region = clip.regions.get(r);
                targets[r] = agreement(warped, now, new int[] {
                    region.x() * fresh.width() / current.width(), region.y() * fresh.height() / current.height(),
                    ceilDiv(region.right() * fresh.width(), current.width()),
                    ceilDiv(region.bottom() * fresh.height(), current.height()), fresh.width()});
            }
        }
        for (int r = 0; r < targets.length; r++) {
            samples.add(group, MotionFeatures.of(grid, clip.regions.get(r), flow, nowGrey, keyGrey, keyCells, offset),
                    targets[r]);
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Share of equal labels, over all cells or over the box {x0, y0, x1, y1, rowWidth}. */
    private static float agreement(int[] a, int[] b, int[] box) {
        if (box == null) {
            box = new int[] {0, 0, a.length, 1, a.length};
        }
        int same = 0;
        int n = 0;
        for (int y = box[1]; y < box[3]; y++) {
            for (int x = box[0]; x < box[2]; x++, n++) {
                int i = y * box[4] + x;
                same += a[i] == b[i] ? 1 : 0;
            }
        }
        return n == 0 ? 1 : (float) same / n;
    }

    /** A clip's regions, and per frame its class scores (per crop, or of the whole frame) and grey, computed once. */
    private final class ClipCache {
        final TrainingClip clip;
        final TrainingContext ctx;
        final List<Region> regions;
        private final Map<Integer, List<Tensor>> scores = new LinkedHashMap<>();
        private final Map<Integer, float[]> grey = new LinkedHashMap<>();
        private final Map<Integer, MotionGrid.KeyCells> cells = new LinkedHashMap<>();

        ClipCache(TrainingClip clip, TrainingContext ctx, int overlap) {
            this.clip = clip;
            this.ctx = ctx;
            Frame first = clip.frame(0);
            this.regions = Region.grid(first.width(), first.height(), columns, rows, overlap);
        }

        List<Tensor> scores(int index) {
            return scores.computeIfAbsent(index, i -> {
                Frame f = clip.frame(i);
                if (segmentOn == SegmentOn.FRAME) {
                    return List.of(ctx.predict(f.image()).tensor(Features.LOGITS));
                }
                List<Tensor> out = new ArrayList<>(regions.size());
                for (Region r : regions) {
                    out.add(ctx.predict(f.crop(r).image()).tensor(Features.LOGITS));
                }
                return out;
            });
        }

        float[] grey(int index, MotionGrid grid) {
            return grey.computeIfAbsent(index, i -> grid.grey(clip.frame(i).image()));
        }

        /** The key prediction of frame {@code index} on the grid, made once for all its offsets. */
        MotionGrid.KeyCells cells(int index, MotionGrid grid, java.util.function.Supplier<MotionGrid.KeyCells> make) {
            return cells.computeIfAbsent(index, i -> make.get());
        }
    }

    /** Its factory; defaults at {@code vseg.trainers."dvsnet.confidence"}. */
    public static final class Factory implements TrainerFactory {
        @Override
        public String name() {
            return "dvsnet.confidence";
        }

        @Override
        public String description() {
            return "DVSNet's decision model, self-supervised: expected confidence of a warp from motion features";
        }

        @Override
        public Trainer create(Config config, ComponentContext context) {
            RegionGrid.parse(config.getString("regions"));
            SegmentOn.parse(config.getString("segment-on"));
            if (config.getInt("max-offset") < 1 || config.getInt("key-step") < 1 || config.getInt("overlap") < 0
                    || config.getInt("cuts") < 0) {
                throw new IllegalArgumentException("max-offset, key-step: must be positive; overlap, cuts: >= 0");
            }
            try {
                BorderMode.valueOf(config.getString("border").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("border: zero, replicate or nearest, got " + config.getString("border"));
            }
            double share = config.getDouble("validation-share");
            if (share <= 0 || share >= 1) {
                throw new IllegalArgumentException("validation-share: in (0, 1), got " + share);
            }
            return new ConfidenceTrainer(config);
        }
    }
}
