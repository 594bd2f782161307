package io.vseg.runtime.pipeline;

import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.FrameContext;
import io.vseg.api.FrameResult;
import io.vseg.api.KeyState;
import io.vseg.api.Plan;
import io.vseg.api.Region;
import io.vseg.api.SequenceInputs;
import io.vseg.api.StageOrigin;
import io.vseg.api.spi.Capabilities;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.api.spi.FlowEstimator;
import io.vseg.api.tensor.FlowField;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@link FrameContext} of one frame, or of one region of it. Flow is memoized per pair of frames on the
 * full frames (a region's flow is its part of it); features are memoized per frame and region.
 */
final class FrameScope implements FrameContext {

    /** What every scope of one frame shares. */
    static final class Shared {
        final Frame frame;
        final FrameTimer timer = new FrameTimer();
        final FeatureExtractor extractor;
        final FlowEstimator flowEstimator;
        /** Null where flow is not estimated ahead. */
        final FlowAhead flowAhead;
        final Map<Integer, Frame> fullFrames;
        final FrameResult previous;
        final Frame previousFrame;
        final ComponentGuard guard;
        final SequenceInputs inputs;
        final ClassSet outputClasses;
        private final Map<Long, FlowField> flows = new HashMap<>();
        private final Map<Region, Features> memo = new HashMap<>();

        Shared(Frame frame, FeatureExtractor extractor, FlowEstimator flowEstimator, FlowAhead flowAhead,
               Map<Integer, Frame> fullFrames, FrameResult previous, Frame previousFrame, ComponentGuard guard,
               SequenceInputs inputs, ClassSet outputClasses) {
            this.flowAhead = flowAhead;
            this.frame = frame;
            this.extractor = extractor;
            this.flowEstimator = flowEstimator;
            this.fullFrames = fullFrames;
            this.previous = previous;
            this.previousFrame = previousFrame;
            this.guard = guard;
            this.inputs = inputs;
            this.outputClasses = outputClasses;
        }

        static long pair(int target, int source) {
            return ((long) target << 32) | (source & 0xFFFFFFFFL);
        }

        FlowField fullFlow(int target, int source) {
            long pair = pair(target, source);
            FlowField f = flows.get(pair);
            if (f == null) {
                Frame t = known(target);
                Frame s = known(source);
                Supplier<FlowField> estimate = () -> flowEstimator.estimate(t.image(), s.image());
                f = timer.time("flow", () -> guard.call("flow",
                        flowAhead == null ? estimate : () -> flowAhead.get(pair, estimate)));
                flows.put(pair, f);
            }
            return f;
        }

        /** Whether the flow of {@code target} to {@code source} was asked for on this frame. */
        boolean asked(int target, int source) {
            return flows.containsKey(pair(target, source));
        }

        private Frame known(int index) {
            Frame f = fullFrames.get(index);
            if (f == null) {
                throw new IllegalArgumentException("frame " + index + " is neither the current, the previous nor a key frame");
            }
            return f;
        }

        /** The named stages on {@code region}'s crop, computing only those not yet memoized. */
        Features features(Region region, Frame crop, Set<String> stages, Features cachedInputs) {
            Features have = memo.getOrDefault(region, Features.empty());
            Set<String> missing = new HashSet<>(stages);
            missing.removeAll(have.names());
            if (!missing.isEmpty()) {
                Features inputs = cachedInputs.withAll(have);
                Features fresh = extract(crop, missing, inputs);
                have = have.withAll(fresh);
                memo.put(region, have);
            }
            return have.only(stages);
        }

        /** The extractor on {@code crop}, outside the memo. */
        Features extract(Frame crop, Set<String> stages, Features inputs) {
            return timer.time("extract", () -> guard.call("extractor", () -> extractor.extract(crop.image(), stages, inputs)));
        }

        /** Whether {@code stage} was computed by the network for {@code region} on this frame. */
        boolean computed(Region region, String stage) {
            Features have = memo.get(region);
            return have != null && have.has(stage);
        }
    }

    private final Shared shared;
    private final Region region;
    private final Frame frame;
    private final KeyState key;
    private Plan plan;
    private Map<String, StageOrigin> origins;

    FrameScope(Shared shared, Region region, Frame frame, KeyState key) {
        this.shared = shared;
        this.region = region;
        this.frame = frame;
        this.key = key;
    }

    Shared shared() {
        return shared;
    }

    /** Makes the plan visible to the propagator and the fuser. */
    void plan(Plan plan) {
        this.plan = plan;
    }

    /** Records where each stage of the features handed to the fuser came from. */
    void origins(Map<String, StageOrigin> origins) {
        this.origins = Map.copyOf(origins);
    }

    Region region() {
        return region;
    }

    @Override
    public Frame frame() {
        return frame;
    }

    @Override
    public Optional<KeyState> key() {
        return Optional.ofNullable(key);
    }

    @Override
    public Optional<FrameResult> previous() {
        return Optional.ofNullable(shared.previous);
    }

    @Override
    public Optional<Frame> previousFrame() {
        Frame p = shared.previousFrame;
        return Optional.ofNullable(p == null || isWhole() ? p : p.crop(region));
    }

    private boolean isWhole() {
        return region.x() == 0 && region.y() == 0 && region.width() == shared.frame.width()
                && region.height() == shared.frame.height();
    }

    @Override
    public FlowField flow(Frame target, Frame source) {
        if (isWhole()) {
            return shared.fullFlow(target.index(), source.index());
        }
        if (target.width() != region.width() || target.height() != region.height()) {
            throw new IllegalArgumentException("flow is available for whole frames or this region's crops, got "
                    + target.image());
        }
        // A region's flow: its part of the whole frame's, as dense as that is.
        return shared.fullFlow(target.index(), source.index())
                .region(region.x(), region.y(), region.width(), region.height(), shared.frame.width(),
                        shared.frame.height());
    }

    @Override
    public Features features(Set<String> stages) {
        return shared.features(region, frame, stages, Features.empty());
    }

    @Override
    public Features features(Set<String> stages, Features cachedInputs) {
        return shared.features(region, frame, stages, cachedInputs);
    }

    @Override
    public Features compute(Set<String> stages, Features inputs) {
        return shared.extract(frame, stages, inputs);
    }

    @Override
    public List<String> stages() {
        return shared.extractor.stages();
    }

    @Override
    public Capabilities capabilities() {
        return shared.extractor.capabilities();
    }

    @Override
    public ClassSet classes() {
        return shared.extractor.classes();
    }

    @Override
    public ClassSet outputClasses() {
        return shared.outputClasses;
    }

    @Override
    public Optional<Plan> plan() {
        return Optional.ofNullable(plan);
    }

    @Override
    public Optional<StageOrigin> origin(String stage) {
        if (origins != null) {
            return Optional.ofNullable(origins.get(stage));
        }
        return shared.computed(region, stage) ? Optional.of(StageOrigin.FRESH) : Optional.empty();
    }

    @Override
    public SequenceInputs inputs() {
        return shared.inputs;
    }

    @Override
    public <T> T time(String component, Supplier<T> work) {
        return shared.timer.time(component, work);
    }
}
