package io.vseg.runtime.pipeline;

import static java.util.Objects.requireNonNull;

import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.FrameResult;
import io.vseg.api.KeyState;
import io.vseg.api.ObjectMasks;
import io.vseg.api.Plan;
import io.vseg.api.Region;
import io.vseg.api.Segmentation;
import io.vseg.api.SequenceInputs;
import io.vseg.api.StageOrigin;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.api.spi.FlowEstimator;
import io.vseg.api.spi.Fuser;
import io.vseg.api.spi.Propagator;
import io.vseg.api.spi.Scheduler;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import io.vseg.runtime.component.Closing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The frame loop (DESIGN §4): per frame, the scheduler plans; a key plan runs the extractor and replaces the
 * key state, a propagate plan has the propagator carry the key state over, a regions plan does either per
 * region on its crop and stitches the class scores; then the fuser runs and the logits are decoded (bilinear
 * to frame size, argmax). Not thread-safe: one pipeline processes one sequence at a time.
 */
public final class Pipeline implements AutoCloseable {
    private final FeatureExtractor extractor;
    private final FlowEstimator flow;
    private final Scheduler scheduler;
    private final Propagator propagator;
    private final Fuser fuser;
    private final Map<String, String> description;
    private final ComponentGuard guard;
    private final OutputClasses output;

    private SequenceInputs inputs = SequenceInputs.none();
    private ClassSet outputClasses;
    private KeyState key;
    private final Map<Region, KeyState> regionKeys = new HashMap<>();
    private final Map<Integer, Frame> fullFrames = new HashMap<>();
    private FrameResult previous;
    private Frame previousFrame;
    private final BackgroundStages background;
    private final FlowAhead flowAhead;
    /** Whether the frame before asked for the flow to its own previous frame (a fuser does, every frame). */
    private boolean askedPrevious;

    /**
     * A pipeline of bare components (tests): failures name the slots alone, the output classes are the extractor's.
     */
    Pipeline(FeatureExtractor extractor, FlowEstimator flow, Scheduler scheduler, Propagator propagator, Fuser fuser,
             Map<String, String> description, Supplier<FeatureExtractor> extractorCopies) {
        this(extractor, flow, scheduler, propagator, fuser, description, Map.of(), OutputClasses.EXTRACTOR,
                extractorCopies, false);
    }

    /**
     * @param description     component name per slot, e.g. {@code scheduler -> dff.interval}
     * @param modules         providing module per slot, for error messages
     * @param output          whose classes the pipeline labels: the extractor's or the sequence's objects
     * @param extractorCopies makes another extractor like {@code extractor}, for the background stages of
     *                        pipelined plans (called at most once, when the first such plan comes)
     * @param flowAhead       whether to estimate the flow a frame will likely be asked about on a thread of its own
     *                        while the network runs ({@link FlowAhead})
     */
    Pipeline(FeatureExtractor extractor, FlowEstimator flow, Scheduler scheduler, Propagator propagator, Fuser fuser,
             Map<String, String> description, Map<String, String> modules, OutputClasses output,
             Supplier<FeatureExtractor> extractorCopies, boolean flowAhead) {
        this.background = new BackgroundStages(requireNonNull(extractorCopies, "extractorCopies is null"));
        this.extractor = requireNonNull(extractor, "extractor is null");
        this.flow = requireNonNull(flow, "flow is null");
        this.flowAhead = flowAhead ? new FlowAhead(flow) : null;
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.propagator = requireNonNull(propagator, "propagator is null");
        this.fuser = requireNonNull(fuser, "fuser is null");
        this.description = Map.copyOf(description);
        this.guard = new ComponentGuard(description, modules);
        this.output = requireNonNull(output, "output is null");
        this.outputClasses = output == OutputClasses.EXTRACTOR ? extractor.classes() : null;
    }

    /** Component type per slot, e.g. {@code scheduler -> dff.interval}. */
    public Map<String, String> description() {
        return description;
    }

    /**
     * The method's name in reports: its scheduler and propagator, then its fuser unless that is {@code none}, as in
     * {@code dvsnet.confidence+dff.flow-warp+netwarp}. (The extractor and flow are the baseline's too.)
     */
    public String name() {
        String fuser = description.getOrDefault("fuser", "none");
        return description.get("scheduler") + "+" + description.get("propagator") + (fuser.equals("none") ? "" : "+" + fuser);
    }

    public FeatureExtractor extractor() {
        return extractor;
    }

    /** Forget all state: the next frame starts a new sequence, given nothing but its frames. */
    public void reset() {
        reset(SequenceInputs.none());
    }

    /**
     * Forget all state: the next frame starts a new sequence, which comes with {@code inputs} (visible to every
     * component through {@link io.vseg.api.FrameContext#inputs()}).
     *
     * @throws IllegalArgumentException when the pipeline outputs the sequence's objects and none are given
     */
    public void reset(SequenceInputs inputs) {
        this.inputs = requireNonNull(inputs, "inputs is null");
        if (output == OutputClasses.OBJECTS) {
            outputClasses = inputs.masks().map(ObjectMasks::classes).orElseThrow(() -> noMasks(inputs));
        }
        background.discard();
        if (flowAhead != null) {
            flowAhead.discard();
        }
        askedPrevious = false;
        key = null;
        regionKeys.clear();
        fullFrames.clear();
        previous = null;
        previousFrame = null;
        guard.run("scheduler", scheduler::reset);
        guard.run("propagator", propagator::reset);
        guard.run("fuser", fuser::reset);
    }

    /**
     * The components that keep a run of this pipeline from restarting at a full key frame and going on exactly as
     * one that never stopped, as {@code the fuser netwarp}: those whose {@code resumableAtKey()} is false. Empty
     * when the run can restart there. (The extractor and flow estimator hold nothing between frames but caches.)
     */
    public List<String> stateAcrossKeys() {
        List<String> stateful = new ArrayList<>();
        if (!guard.call("scheduler", scheduler::resumableAtKey)) {
            stateful.add("the scheduler " + description.getOrDefault("scheduler", "(unnamed)"));
        }
        if (!guard.call("propagator", propagator::resumableAtKey)) {
            stateful.add("the propagator " + description.getOrDefault("propagator", "(unnamed)"));
        }
        if (!guard.call("fuser", fuser::resumableAtKey)) {
            stateful.add("the fuser " + description.getOrDefault("fuser", "(unnamed)"));
        }
        return stateful;
    }

    /** Whose classes the labels index: the extractor's, or each sequence's objects. */
    public OutputClasses output() {
        return output;
    }

    /** The classes the labels index: the extractor's, or the current sequence's objects. */
    public ClassSet outputClasses() {
        if (outputClasses == null) {
            throw noMasks(inputs);
        }
        return outputClasses;
    }

    private static IllegalArgumentException noMasks(SequenceInputs inputs) {
        return new IllegalArgumentException("vseg.output.classes = objects needs object masks with sequence '"
                + inputs.name() + "' (--masks FILE, or a DAVIS root with annotations)");
    }

    /** Processes the next frame of the sequence. */
    public FrameResult process(Frame frame) {
        return process(frame, 0);
    }

    /**
     * Processes the next frame of the sequence; {@code decodeNanos} (time spent decoding it) is booked under
     * {@code decode} so that traces show I/O beside compute.
     *
     * @throws FrameException naming the frame and, where one failed, the component, its module and the error
     */
    public FrameResult process(Frame frame, long decodeNanos) {
        requireNonNull(frame, "frame is null");
        try {
            return step(frame, decodeNanos);
        } catch (ComponentGuard.Failure e) {
            throw new FrameException(frame.index(), e.getMessage(), e.getCause());
        } catch (RuntimeException e) {
            throw new FrameException(frame.index(), ComponentGuard.describe(e), e);
        }
    }

    private FrameResult step(Frame frame, long decodeNanos) {
        checkMasks(frame);
        fullFrames.put(frame.index(), frame);
        FrameScope.Shared shared = new FrameScope.Shared(frame, extractor, flow, flowAhead, fullFrames, previous,
                previousFrame, guard, inputs, outputClasses());
        if (flowAhead != null && flowAhead.running()) {
            // A guess the frame before did not take (it failed, or asked for no flow) is waited for here.
            shared.timer.time("flow", () -> {
                flowAhead.discard();
                return null;
            });
        }
        Region whole = Region.whole(frame.width(), frame.height());
        FrameScope scope = new FrameScope(shared, whole, frame, key);
        if (decodeNanos > 0) {
            shared.timer.add("decode", decodeNanos);
        }

        Plan plan = scope.time("schedule", () -> guard.call("scheduler", () -> requireNonNull(scheduler.plan(scope),
                "the scheduler returned no plan")));
        scope.plan(plan);
        if (plan instanceof Plan.Key) {
            guessFlow(shared);
        }
        Map<String, StageOrigin> origins = new HashMap<>();
        Features features = switch (plan) {
            case Plan.Key k when k.isPipelined() && key != null -> {
                KeyState next = pipelinedStep(scope, k, key);
                key = next;
                yield next.features();
            }
            case Plan.Key k -> {
                background.discard();
                KeyState next = keyStep(scope, k, key);
                key = next;
                yield next.features();
            }
            case Plan.Propagate p -> {
                background.discard();
                yield propagateStep(scope, key);
            }
            case Plan.Regions r -> {
                background.discard();
                yield regionsStep(shared, r, origins);
            }
        };
        if (!(plan instanceof Plan.Regions)) {
            StageOrigin carried = plan instanceof Plan.Propagate ? StageOrigin.PROPAGATED : StageOrigin.CACHED;
            for (String stage : features.names()) {
                origins.put(stage, scope.origin(stage).orElse(carried));
            }
        }
        scope.origins(origins);
        Features fused = scope.time("fuse", () -> guard.call("fuser", () -> {
            Features f = fuser.fuse(features, scope);
            if (f == null || !f.has(Features.LOGITS)) {
                throw new IllegalStateException("no logits after the fuser; stages: " + (f == null ? "none" : f.names()));
            }
            return f;
        }));
        Segmentation segmentation = scope.time("labels", () -> decode(fused.logits(), frame));
        FrameResult result = new FrameResult(frame.index(), plan, fused, segmentation, shared.timer.nanos());
        guard.run("scheduler", () -> scheduler.observe(result));
        Frame before = previousFrame;
        askedPrevious = before != null && shared.asked(frame.index(), before.index());
        previous = result;
        previousFrame = frame;
        pruneFrames();
        return result;
    }

    private KeyState keyStep(FrameScope scope, Plan.Key plan, KeyState last) {
        Set<String> stages = plan.isFull() ? new LinkedHashSet<>(extractor.stages()) : plan.stages();
        Features cached = last == null ? Features.empty() : last.features();
        Features fresh = scope.features(stages, cached);
        Features merged = plan.isFull() || last == null ? fresh : last.features().withAll(fresh);
        if (!merged.has(Features.LOGITS)) {
            // A partial key that left the head out, with no earlier key to take it from (a sequence's first key):
            // the head runs on what is fresh. After a key, the earlier key's logits stand (Plan.key).
            merged = merged.withAll(scope.features(Set.of(Features.LOGITS), merged));
        }
        return new KeyState(scope.frame(), merged);
    }

    /**
     * A pipelined key: this frame's early stages run while the background finishes the deferred stages of the
     * frame before; the head then runs on both, and this frame's deferred stages go to the background. The
     * wait, if the background is the slower, is booked as {@code wait}.
     */
    private KeyState pipelinedStep(FrameScope scope, Plan.Key plan, KeyState last) {
        Set<String> early = new LinkedHashSet<>(plan.stages());
        early.remove(Features.LOGITS);
        Features cached = last.features();
        Features fresh = early.isEmpty() ? Features.empty() : scope.features(early, cached);
        Features deferred = scope.time("wait", () -> guard.call("extractor", background::take));
        Features merged = cached.withAll(deferred).withAll(fresh);
        if (plan.stages().contains(Features.LOGITS) || !merged.has(Features.LOGITS)) {
            merged = merged.withAll(scope.features(Set.of(Features.LOGITS), merged));
        }
        background.submit(scope.frame().image(), plan.deferred(), fresh);
        return new KeyState(scope.frame(), merged);
    }

    private Features propagateStep(FrameScope scope, KeyState from) {
        if (from == null) {
            throw new IllegalStateException("the scheduler planned propagate for frame " + scope.frame().index()
                    + " but there is no key frame yet");
        }
        return scope.time("propagate", () -> guard.call("propagator", () -> propagator.propagate(from, scope)));
    }

    /** Each region keyed or propagated on its crop, the logits stitched; {@code origins} gets the logits' origin. */
    private Features regionsStep(FrameScope.Shared shared, Plan.Regions plan, Map<String, StageOrigin> origins) {
        Frame frame = shared.frame;
        List<Stitcher.Part> parts = new ArrayList<>();
        for (Plan.RegionPlan rp : plan.regions()) {
            Region region = rp.region();
            if (region.right() > frame.width() || region.bottom() > frame.height()) {
                throw new IllegalStateException(region + " lies outside frame " + frame.index() + " ("
                        + frame.width() + "x" + frame.height() + ")");
            }
            KeyState regionKey = regionKeys.get(region);
            FrameScope scope = new FrameScope(shared, region, frame.crop(region), regionKey);
            scope.plan(rp.plan());
            Features features = switch (rp.plan()) {
                case Plan.Key k when k.isPipelined() ->
                        throw new IllegalStateException("pipelined key plans are for whole frames, not regions");
                case Plan.Key k -> {
                    KeyState next = keyStep(scope, k, regionKey);
                    regionKeys.put(region, next);
                    yield next.features();
                }
                case Plan.Propagate p -> propagateStep(scope, regionKey);
                case Plan.Regions r -> throw new IllegalStateException("regions do not nest");
            };
            parts.add(new Stitcher.Part(region, features.logits(), rp.score()));
        }
        Tensor logits = shared.timer.time("stitch", () -> Stitcher.stitch(parts, frame.width(), frame.height()));
        origins.put(Features.LOGITS, plan.keyShare() == 1 ? StageOrigin.FRESH : StageOrigin.PROPAGATED);
        return Features.of(Features.LOGITS, logits, 1);
    }

    private Segmentation decode(Tensor logits, Frame frame) {
        ClassSet classes = outputClasses();
        if (logits.channels() != classes.size()) {
            throw new IllegalStateException("the logits have " + logits.channels() + " channels, the output has "
                    + classes.size() + " classes " + classes.names());
        }
        int[] labels = Tensors.argmax(logits, frame.height(), frame.width());
        return new Segmentation(frame.width(), frame.height(), labels, logits, classes);
    }

    /**
     * On a frame the network runs on, starts the flow to its previous frame where the frame before asked for the
     * flow to its own previous frame (as a fuser does every frame), so that it is estimated while the network runs;
     * not where this frame has it already (a scheduler asked for it). Flow to a key frame is not guessed: a
     * propagator asks for it on frames the network does not run on, with nothing to overlap; and on a new key frame
     * the old key's flow is not needed.
     */
    private void guessFlow(FrameScope.Shared shared) {
        Frame frame = shared.frame;
        if (flowAhead == null || previousFrame == null || !askedPrevious
                || shared.asked(frame.index(), previousFrame.index())) {
            return;
        }
        if (previousFrame.width() == frame.width() && previousFrame.height() == frame.height()) {
            flowAhead.start(frame, previousFrame);
        }
    }

    /** The object masks, where the sequence has them, annotate a frame of this size. */
    private void checkMasks(Frame frame) {
        inputs.masks().ifPresent(m -> {
            if (frame.index() == m.frameIndex() && (m.width() != frame.width() || m.height() != frame.height())) {
                throw new IllegalArgumentException("the object masks of frame " + m.frameIndex() + " (--masks, or "
                        + "the sequence's first annotation) are " + m.width() + "x" + m.height() + ", the frame is "
                        + frame.width() + "x" + frame.height());
            }
        });
    }

    /** Keeps only the full frames that flow may still be asked about: this one and the key frames. */
    private void pruneFrames() {
        Set<Integer> keep = new HashSet<>();
        if (previousFrame != null) {
            keep.add(previousFrame.index());
        }
        if (key != null) {
            keep.add(key.frame().index());
        }
        regionKeys.values().forEach(k -> keep.add(k.frame().index()));
        fullFrames.keySet().retainAll(keep);
    }

    /**
     * Closes the components, each whatever the others throw: the background stages, the flow estimated ahead (a
     * running estimate is waited for before the estimator goes), then the fuser, propagator and scheduler where they
     * are {@link AutoCloseable} (a fuser holding a network), the extractor and the flow estimator.
     */
    @Override
    public void close() {
        Closing.all(Arrays.asList(background, flowAhead, fuser, propagator, scheduler, extractor, flow));
    }
}
