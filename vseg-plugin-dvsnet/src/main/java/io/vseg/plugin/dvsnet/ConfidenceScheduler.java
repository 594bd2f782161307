package io.vseg.plugin.dvsnet;

import com.typesafe.config.Config;
import io.vseg.api.Frame;
import io.vseg.api.FrameContext;
import io.vseg.api.FrameResult;
import io.vseg.api.Plan;
import io.vseg.api.Region;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.Scheduler;
import io.vseg.api.spi.SchedulerFactory;
import io.vseg.api.tensor.FlowField;
import io.vseg.api.tensor.BorderMode;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DVSNet's decision (Xu, Fu, Chen, Lee; CVPR 2018): the frame is split into a grid of overlapping regions, each
 * with its own key frame. For every region the decision model estimates the expected confidence of warping the
 * region's key prediction to this frame (the share of pixels that would equal a fresh segmentation) from
 * {@link MotionFeatures} of the flow between the region's key frame and this one; a region below the threshold
 * is segmented afresh (and becomes its own key), the others are warped by the propagator. In the overlaps the
 * runtime keeps the result with the higher score: a fresh region scores 1, a warped one its expected confidence.
 *
 * <p>{@code segment-on} says what segmenting a region means ({@link SegmentOn}): running the network on the
 * region's crop, as in the paper (a {@link Plan.Regions} plan), or, for networks with a fixed input size, on the
 * whole frame as soon as any region asks for it (a key or propagate plan for the whole frame).
 *
 * <p>Two additions to the paper keep the estimates honest on clips unlike the training ones. Closed-loop
 * {@code calibration}: when a region is segmented, the warp the model judged is computed after all and compared
 * with the fresh result, and the model's error there (an exponential average) is taken off the region's later
 * estimates. {@code max-interval}: a region is segmented at the latest that many frames after its key, whatever
 * the estimate (which also keeps the calibration fed).
 *
 * <p>With an {@code error-budget}, the threshold gives way to a rule that is not in the paper: a region is
 * segmented when the expected wrong share summed over the frames warped since its key, this one included,
 * would exceed the budget. If a warp's error grows at rate {@code r} per frame, a threshold on the current error
 * keys every {@code 1/r} frames, while the key spacing that errs least for a given number of keys is
 * {@code 1/sqrt(r)} (minimize {@code r L / 2} per frame against {@code 1 / L} keys per frame): the threshold
 * spends too many keys on fast motion and too few on slow drift, which the sum catches. The sum also averages
 * the decision model's noise over the frames since the key.
 *
 * <p>Whatever the rule, a region is segmented at once where the warp leaves more than {@code cut} of its cells
 * unexplained ({@code warp-error-share}): a scene cut. Its expected confidence can still be high, because most
 * pixels of two unrelated frames may share a label (background), and a budget would then let the old objects
 * stand for a few frames on the new scene.
 *
 * <p>With {@code dynamic} thresholds each region's threshold drops by {@code step} after a segmentation and rises
 * by {@code step} after a warp, within {@code [min, max]}, as in the paper's code: a region that was just
 * segmented needs stronger evidence to be segmented again, and a long run of warps makes the next segmentation
 * easier.
 */
public final class ConfidenceScheduler implements Scheduler {

    /** The dynamic threshold's settings; {@code step = 0} keeps the threshold fixed. */
    record Dynamic(double step, double min, double max) {
        static final Dynamic OFF = new Dynamic(0, 0, 1);
    }

    private final int columns;
    private final int rows;
    private final int overlap;
    private final double threshold;
    private final Dynamic dynamic;
    private final ConfidenceModel model;
    private final SegmentOn configuredSegmentOn;
    private SegmentOn segmentOn;
    private final int maxInterval;
    private final double calibration;
    private final double errorBudget;
    private final double cutShare;
    /** Per region, the expected wrong share summed over the frames warped since its key. */
    private double[] accumulated;
    /** One calibration event moves the bias by at most this: a scene cut says nothing about warps. */
    private static final double MAX_ERROR = 0.1;
    private double[] bias;
    private double[] predicted;
    private final Map<Integer, FlowField> pendingFlow = new HashMap<>();
    private int[] pendingKey;

    private List<Region> regions;
    private MotionGrid grid;
    private Frame[] keys;
    private double[] thresholds;
    private double[] confidences;
    private boolean[] keyedNow;
    private final Map<Integer, Tensor> keyScores = new HashMap<>();
    private final Map<Integer, MotionGrid.KeyCells> keyCells = new HashMap<>();
    private final Map<Integer, float[]> keyGrey = new HashMap<>();

    ConfidenceScheduler(int columns, int rows, int overlap, double threshold, Dynamic dynamic, ConfidenceModel model,
                        SegmentOn segmentOn, int maxInterval, double calibration, double errorBudget,
                        double cutShare) {
        if (threshold < 0 || threshold > 1) {
            throw new IllegalArgumentException("threshold: in [0, 1], got " + threshold);
        }
        if (dynamic.step() < 0 || dynamic.min() > threshold || dynamic.max() < threshold) {
            throw new IllegalArgumentException("dynamic: step >= 0 and dynamic.min <= threshold <= dynamic.max, got "
                    + "step " + dynamic.step() + ", min " + dynamic.min() + ", threshold " + threshold + ", max "
                    + dynamic.max());
        }
        this.columns = columns;
        this.rows = rows;
        this.overlap = overlap;
        this.threshold = threshold;
        this.dynamic = dynamic;
        this.model = model;
        this.configuredSegmentOn = segmentOn;
        this.maxInterval = maxInterval;
        this.calibration = calibration;
        this.errorBudget = errorBudget;
        this.cutShare = cutShare;
    }

    @Override
    public Plan plan(FrameContext ctx) {
        Frame frame = ctx.frame();
        if (segmentOn == null) {
            segmentOn = configuredSegmentOn.resolve(ctx.capabilities());
        }
        if (regions == null || grid == null || grid.frameWidth() != frame.width() || grid.frameHeight() != frame.height()) {
            start(frame);
        }
        Arrays.fill(keyedNow, false);
        Arrays.fill(pendingKey, -1);
        pendingFlow.clear();
        boolean[] segment = new boolean[regions.size()];
        boolean any = false;
        float[] current = null;
        for (int r = 0; r < regions.size(); r++) {
            Frame key = keys[r];
            boolean cut = false;
            Tensor scores = key == null ? null : keyScores.get(key.index());
            if (key == null || scores == null) {
                confidences[r] = 0;
            } else {
                FlowField flow = ctx.flow(frame, key);
                if (grid.width() != flow.width() || grid.height() != flow.height()) {
                    grid = new MotionGrid(flow.width(), flow.height(), frame.width(), frame.height());
                    keyGrey.clear();
                    keyCells.clear();
                    current = null;
                }
                if (current == null) {
                    current = grid.grey(frame.image(), MotionFeatures.STRIDE);
                }
                float[] keyImage = keyGrey.computeIfAbsent(key.index(), i -> grid.grey(key.image()));
                MotionGrid.KeyCells cells = keyCells.computeIfAbsent(key.index(), i -> grid.cells(
                        List.of(Region.whole(frame.width(), frame.height())), List.of(scores), 1, 1));
                float[] x = MotionFeatures.of(grid, regions.get(r), flow, current, keyImage, cells,
                        frame.index() - key.index());
                // The analytic estimate is the share of the region the warp explains photometrically.
                cut = ConfidenceModel.ANALYTIC.confidence(x) < 1 - cutShare;
                predicted[r] = model.confidence(x);
                confidences[r] = Math.max(0, Math.min(1, predicted[r] - bias[r]));
                pendingFlow.put(key.index(), flow);
            }
            boolean worse = errorBudget > 0 ? accumulated[r] + (1 - confidences[r]) > errorBudget
                    : confidences[r] < thresholds[r];
            segment[r] = key == null || scores == null || worse || cut
                    || (maxInterval > 0 && frame.index() - key.index() >= maxInterval);
            any |= segment[r];
        }
        if (segmentOn == SegmentOn.FRAME) {
            // One decision for the frame: segment it whole when any region asks for it.
            Arrays.fill(segment, any);
        }
        // The region states follow the decisions; with FRAME, every region shares the whole frame's key.
        boolean crop = segmentOn == SegmentOn.CROP;
        List<Plan.RegionPlan> plans = new ArrayList<>(crop ? regions.size() : 0);
        for (int r = 0; r < regions.size(); r++) {
            if (segment[r]) {
                pendingKey[r] = keys[r] == null || !keyScores.containsKey(keys[r].index()) ? -1 : keys[r].index();
                keys[r] = frame;
                keyedNow[r] = true;
                thresholds[r] = Math.max(dynamic.min(), thresholds[r] - dynamic.step());
                accumulated[r] = 0;
            } else {
                thresholds[r] = Math.min(dynamic.max(), thresholds[r] + dynamic.step());
                accumulated[r] += 1 - confidences[r];
            }
            if (crop) {
                plans.add(segment[r] ? new Plan.RegionPlan(regions.get(r), Plan.fullKey(), 1.0)
                        : new Plan.RegionPlan(regions.get(r), Plan.propagate(), confidences[r]));
            }
        }
        if (!crop) {
            return any ? Plan.fullKey() : Plan.propagate();
        }
        return new Plan.Regions(plans);
    }

    /** Keeps this frame's class scores where a region took it as its key; forgets key frames no region uses. */
    @Override
    public void observe(FrameResult result) {
        boolean any = false;
        for (boolean k : keyedNow) {
            any |= k;
        }
        if (any) {
            Tensor fresh = result.features().logits();
            if (calibration > 0) {
                calibrate(fresh, result.segmentation().width(), result.segmentation().height());
            }
            keyScores.put(result.frameIndex(), fresh);
        }
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (Frame k : keys) {
            if (k != null) {
                used.add(k.index());
            }
        }
        keyScores.keySet().retainAll(used);
        keyCells.keySet().retainAll(used);
        keyGrey.keySet().retainAll(used);
    }

    /**
     * Closes the loop on the regions segmented this frame: the warp the model judged is computed after all (the
     * key frame's scores along the flow it saw) and compared with the fresh scores, region by region; the
     * model's error there (at most {@value #MAX_ERROR} either way) moves each region's bias, which is taken off
     * its later estimates. A clip whose
     * warps go wrong more than the training clips' did (a small, fast object; a network that flickers) gets
     * segmented more often.
     */
    private void calibrate(Tensor fresh, int width, int height) {
        int[] now = null;
        Map<Integer, int[]> warped = new HashMap<>();
        for (int r = 0; r < regions.size(); r++) {
            int k = pendingKey[r];
            FlowField flow = k < 0 ? null : pendingFlow.get(k);
            Tensor key = k < 0 ? null : keyScores.get(k);
            if (flow == null || key == null || key.width() != fresh.width() || key.height() != fresh.height()) {
                continue;
            }
            if (now == null) {
                now = Tensors.argmax(fresh);
            }
            int[] moved = warped.computeIfAbsent(k, i -> Tensors.argmax(Tensors.warp(key, flow, BorderMode.REPLICATE)));
            Region region = regions.get(r);
            int x0 = region.x() * fresh.width() / width;
            int y0 = region.y() * fresh.height() / height;
            int x1 = Math.max(x0 + 1, (region.right() * fresh.width() + width - 1) / width);
            int y1 = Math.max(y0 + 1, (region.bottom() * fresh.height() + height - 1) / height);
            int same = 0;
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    int i = y * fresh.width() + x;
                    same += moved[i] == now[i] ? 1 : 0;
                }
            }
            double actual = (double) same / ((x1 - x0) * (y1 - y0));
            double error = Math.max(-MAX_ERROR, Math.min(MAX_ERROR, predicted[r] - actual));
            bias[r] = (1 - calibration) * bias[r] + calibration * error;
        }
    }

    private void start(Frame frame) {
        regions = Region.grid(frame.width(), frame.height(), columns, rows, overlap);
        // Until the first flow says otherwise, a 4x coarser grid.
        grid = new MotionGrid(Math.max(1, frame.width() / 4), Math.max(1, frame.height() / 4), frame.width(),
                frame.height());
        keys = new Frame[regions.size()];
        thresholds = new double[regions.size()];
        Arrays.fill(thresholds, threshold);
        confidences = new double[regions.size()];
        accumulated = new double[regions.size()];
        keyedNow = new boolean[regions.size()];
        bias = new double[regions.size()];
        predicted = new double[regions.size()];
        pendingKey = new int[regions.size()];
        keyScores.clear();
        keyCells.clear();
        keyGrey.clear();
    }

    /** The regions of the current frame size, row by row (empty before the first frame). */
    List<Region> regions() {
        return regions == null ? List.of() : regions;
    }

    /** Each region's expected confidence on the last frame (0 where it had no key frame yet). */
    double[] confidences() {
        return confidences == null ? new double[0] : confidences.clone();
    }

    /** Each region's current threshold. */
    double[] thresholds() {
        return thresholds == null ? new double[0] : thresholds.clone();
    }

    @Override
    public void reset() {
        regions = null;
        grid = null;
        keyScores.clear();
        keyCells.clear();
        keyGrey.clear();
    }

    /** Its factory; defaults at {@code vseg.components."dvsnet.confidence"}. */
    public static final class Factory implements SchedulerFactory {
        @Override
        public String name() {
            return "dvsnet.confidence";
        }

        @Override
        public String description() {
            return "DVSNet: per region, segment when the expected confidence of a warp is below `threshold`, else warp";
        }

        @Override
        public Scheduler create(Config config, ComponentContext context) {
            int[] grid = RegionGrid.parse(config.getString("regions"));
            int overlap = config.getInt("overlap");
            if (overlap < 0) {
                throw new IllegalArgumentException("overlap: must be >= 0, got " + overlap);
            }
            Dynamic dynamic = config.getBoolean("dynamic.enabled")
                    ? new Dynamic(config.getDouble("dynamic.step"), config.getDouble("dynamic.min"),
                    config.getDouble("dynamic.max"))
                    : Dynamic.OFF;
            int maxInterval = config.getInt("max-interval");
            if (maxInterval < 0) {
                throw new IllegalArgumentException("max-interval: must be >= 0, got " + maxInterval);
            }
            double calibration = config.getDouble("calibration");
            if (calibration < 0 || calibration > 1) {
                throw new IllegalArgumentException("calibration: in [0, 1], got " + calibration);
            }
            double errorBudget = config.getDouble("error-budget");
            if (errorBudget < 0) {
                throw new IllegalArgumentException("error-budget: must be >= 0 (0: the threshold decides), got "
                        + errorBudget);
            }
            double cut = config.getDouble("cut");
            if (cut <= 0 || cut > 1) {
                throw new IllegalArgumentException("cut: in (0, 1] (1: never), got " + cut);
            }
            String path = config.getString("model");
            ConfidenceModel model;
            try {
                model = path.isBlank() ? ConfidenceModel.ANALYTIC : ConfidenceModel.load(context.resolve(path));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("model: " + e.getMessage(), e);
            }
            return new ConfidenceScheduler(grid[0], grid[1], overlap, config.getDouble("threshold"), dynamic, model,
                    SegmentOn.parse(config.getString("segment-on")), maxInterval, calibration, errorBudget,
                    cut);
        }
    }
}
