package io.vseg.runtime.pipeline;

import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.FrameContext;
import io.vseg.api.FrameResult;
import io.vseg.api.KeyState;
import io.vseg.api.Region;
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
        final Map<Integer, Frame> fullFrames;
        final FrameResult previous;
        final Frame previousFrame;
        private final Map<Long, FlowField> flows = new HashMap<>();
        private final Map<Region, Features> memo = new HashMap<>();

        Shared(Frame frame, FeatureExtractor extractor, FlowEstimator flowEstimator, Map<Integer, Frame> fullFrames,
               FrameResult previous, Frame previousFrame) {
            this.frame = frame;
            this.extractor = extractor;
            this.flowEstimator = flowEstimator;
            this.fullFrames = fullFrames;
            this.previous = previous;
            this.previousFrame = previousFrame;
        }

        private static long pair(int target, int source) {
            return ((long) target << 32) | (source & 0xFFFFFFFFL);
        }

        FlowField fullFlow(int target, int source) {
            long pair = pair(target, source);
            FlowField f = flows.get(pair);
            if (f == null) {
                Frame t = known(target);
                Frame s = known(source);
                f = timer.time("flow", () -> flowEstimator.estimate(t.image(), s.image()));
                flows.put(pair, f);
            }
            return f;
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
                Features fresh = timer.time("extract", () -> extractor.extract(crop.image(), missing, inputs));
                have = have.withAll(fresh);
                memo.put(region, have);
            }
            return have.only(stages);
        }
    }

    private final Shared shared;
    private final Region region;
    private final Frame frame;
    private final KeyState key;

    FrameScope(Shared shared, Region region, Frame frame, KeyState key) {
        this.shared = shared;
        this.region = region;
        this.frame = frame;
        this.key = key;
    }

    Shared shared() {
        return shared;
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
    public List<String> stages() {
        return shared.extractor.stages();
    }

    @Override
    public ClassSet classes() {
        return shared.extractor.classes();
    }

    @Override
    public <T> T time(String component, Supplier<T> work) {
        return shared.timer.time(component, work);
    }
}
