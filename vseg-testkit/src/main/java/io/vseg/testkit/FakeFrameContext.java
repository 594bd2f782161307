package io.vseg.testkit;

import static java.util.Objects.requireNonNull;

import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.FrameContext;
import io.vseg.api.FrameResult;
import io.vseg.api.KeyState;
import io.vseg.api.Plan;
import io.vseg.api.SequenceInputs;
import io.vseg.api.StageOrigin;
import io.vseg.api.spi.Capabilities;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.api.tensor.FlowField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * A {@link FrameContext} for unit tests of schedulers, propagators and fusers: everything the runtime would show a
 * component for one frame, set by the test, and a record of what the component asked for.
 *
 * <p>It keeps the promises {@link FrameContext} makes, the way the runtime keeps them, so that a component tested
 * against it behaves the same in a pipeline:
 * <ul>
 *   <li>{@link #flow} is memoized per pair of frames (by index, as the runtime keys it): the test's flow function
 *       runs once per pair however often components ask. {@link #flowRequests()} counts the asks,
 *       {@link #flowComputations()} the runs.</li>
 *   <li>{@link #features(Set, Features)} is memoized for the frame: only stages not yet computed for it are
 *       computed, from {@code inputs} together with the stages already computed, and the result holds exactly
 *       the requested stages. {@link #compute} runs the network outside that memo, neither reading nor writing
 *       it. {@link #extractions()} lists what the network was run on.</li>
 *   <li>{@link #time} runs its work and records the component it was booked to; the context books its own
 *       network runs to {@code extract} and flow computations to {@code flow}, as the runtime's trace does.</li>
 * </ul>
 *
 * <p>Used from one thread, as the runtime uses a frame's context.
 */
public final class FakeFrameContext implements FrameContext {
    private final Frame frame;
    private final KeyState key;
    private final FrameResult previous;
    private final Frame previousFrame;
    private final Plan plan;
    private final Map<String, StageOrigin> origins;
    private final SequenceInputs inputs;
    private final StageFunction network;
    private final List<String> stages;
    private final ClassSet classes;
    private final ClassSet outputClasses;
    private final Capabilities capabilities;
    private final BiFunction<Frame, Frame, FlowField> flowFunction;

    private final Map<Long, FlowField> flows = new HashMap<>();
    private Features memo;
    private int flowRequests;
    private final List<Set<String>> featureRequests = new ArrayList<>();
    private final List<Set<String>> extractions = new ArrayList<>();
    private final List<String> booked = new ArrayList<>();

    private FakeFrameContext(Builder b) {
        this.frame = b.frame;
        this.key = b.key;
        this.previous = b.previous;
        this.previousFrame = b.previousFrame;
        this.plan = b.plan;
        this.origins = Map.copyOf(b.origins);
        this.inputs = b.inputs;
        FeatureExtractor extractor = b.extractor != null ? b.extractor
                : b.network == null ? FakeExtractor.logitsOnly() : null;
        this.network = extractor != null ? StageFunction.of(extractor) : b.network;
        this.stages = b.stages != null ? b.stages : extractor != null ? extractor.stages() : List.of(Features.LOGITS);
        this.classes = b.classes != null ? b.classes : extractor != null ? extractor.classes()
                : ClassSet.of("background", "person");
        this.outputClasses = b.outputClasses != null ? b.outputClasses : classes;
        this.capabilities = b.capabilities != null ? b.capabilities
                : extractor != null && b.stages == null ? extractor.capabilities() : Capabilities.unknown(stages);
        this.flowFunction = b.flow;
        this.memo = b.computed;
    }

    /** A builder for the context of {@code frame}. */
    public static Builder builder(Frame frame) {
        return new Builder(frame);
    }

    /** The context of {@code frame} with every default: no key, no previous frame, a {@link FakeExtractor#logitsOnly()}. */
    public static FakeFrameContext of(Frame frame) {
        return builder(frame).build();
    }

    /** Sets up a {@link FakeFrameContext}; everything but the frame is optional. */
    public static final class Builder {
        private final Frame frame;
        private KeyState key;
        private FrameResult previous;
        private Frame previousFrame;
        private Plan plan;
        private final Map<String, StageOrigin> origins = new HashMap<>();
        private SequenceInputs inputs = SequenceInputs.none();
        private FeatureExtractor extractor;
        private StageFunction network;
        private List<String> stages;
        private ClassSet classes;
        private ClassSet outputClasses;
        private Capabilities capabilities;
        private BiFunction<Frame, Frame, FlowField> flow = (target, source) -> FlowField.zero(target.width(),
                target.height());
        private Features computed = Features.empty();

        private Builder(Frame frame) {
            this.frame = requireNonNull(frame, "frame is null");
        }

        /** The key state that applies (none unless set, as on a sequence's first frame). */
        public Builder key(KeyState key) {
            this.key = key;
            return this;
        }

        /** The key state of key frame {@code frame} with its {@code features}. */
        public Builder key(Frame frame, Features features) {
            return key(new KeyState(frame, features));
        }

        /** The previous frame's result. */
        public Builder previous(FrameResult previous) {
            this.previous = previous;
            return this;
        }

        /** The previous frame. */
        public Builder previousFrame(Frame previousFrame) {
            this.previousFrame = previousFrame;
            return this;
        }

        /** The plan taken for this frame, as the propagator and the fuser see it (empty while scheduling). */
        public Builder plan(Plan plan) {
            this.plan = plan;
            return this;
        }

        /** Where {@code stage} of this frame's features came from. */
        public Builder origin(String stage, StageOrigin origin) {
            origins.put(requireNonNull(stage, "stage is null"), requireNonNull(origin, "origin is null"));
            return this;
        }

        /** What came with the sequence besides its frames. */
        public Builder inputs(SequenceInputs inputs) {
            this.inputs = requireNonNull(inputs, "inputs is null");
            return this;
        }

        /**
         * The pipeline's extractor: the network that {@code features} and {@code compute} run, and, unless set
         * otherwise, the stages, classes and capabilities. A {@link FakeExtractor#logitsOnly()} by default.
         */
        public Builder extractor(FeatureExtractor extractor) {
            this.extractor = requireNonNull(extractor, "extractor is null");
            this.network = null;
            return this;
        }

        /**
         * The network as a function, instead of an extractor: stages default to {@code [logits]} and classes to
         * {@code background, person} unless set.
         */
        public Builder network(StageFunction network) {
            this.network = requireNonNull(network, "network is null");
            this.extractor = null;
            return this;
        }

        /** The extractor's stages, from shallow to deep, ending with {@code logits}. */
        public Builder stages(List<String> stages) {
            this.stages = List.copyOf(stages);
            if (this.stages.isEmpty() || !this.stages.getLast().equals(Features.LOGITS)) {
                throw new IllegalArgumentException("stages end with logits, got " + stages);
            }
            return this;
        }

        /** The extractor's stages, from shallow to deep, ending with {@code logits}. */
        public Builder stages(String... stages) {
            return stages(List.of(stages));
        }

        /** The extractor's classes. */
        public Builder classes(ClassSet classes) {
            this.classes = requireNonNull(classes, "classes is null");
            return this;
        }

        /** The pipeline's output classes (the extractor's unless set). */
        public Builder outputClasses(ClassSet outputClasses) {
            this.outputClasses = requireNonNull(outputClasses, "outputClasses is null");
            return this;
        }

        /** The extractor's capabilities (its own, or its stage names alone, unless set). */
        public Builder capabilities(Capabilities capabilities) {
            this.capabilities = requireNonNull(capabilities, "capabilities is null");
            return this;
        }

        /** Flow between two frames, backward (zero flow on the target's grid unless set). */
        public Builder flow(BiFunction<Frame, Frame, FlowField> flow) {
            this.flow = requireNonNull(flow, "flow is null");
            return this;
        }

        /** The same flow field for every pair of frames. */
        public Builder flow(FlowField flow) {
            requireNonNull(flow, "flow is null");
            return flow((target, source) -> flow);
        }

        /** Stages already computed for this frame (by the scheduler, say): the memo starts with them. */
        public Builder computed(Features computed) {
            this.computed = requireNonNull(computed, "computed is null");
            return this;
        }

        public FakeFrameContext build() {
            return new FakeFrameContext(this);
        }
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
        return Optional.ofNullable(previous);
    }

    @Override
    public Optional<Frame> previousFrame() {
        return Optional.ofNullable(previousFrame);
    }

    @Override
    public FlowField flow(Frame target, Frame source) {
        requireNonNull(target, "target is null");
        requireNonNull(source, "source is null");
        flowRequests++;
        long pair = ((long) target.index() << 32) | (source.index() & 0xFFFFFFFFL);
        FlowField f = flows.get(pair);
        if (f == null) {
            f = time("flow", () -> requireNonNull(flowFunction.apply(target, source), "the flow function returned null"));
            flows.put(pair, f);
        }
        return f;
    }

    @Override
    public Features features(Set<String> stages) {
        return features(stages, Features.empty());
    }

    @Override
    public Features features(Set<String> requested, Features inputs) {
        requireNonNull(inputs, "inputs is null");
        featureRequests.add(ordered(requested));
        Set<String> missing = new LinkedHashSet<>(requested);
        missing.removeAll(memo.names());
        if (!missing.isEmpty()) {
            memo = memo.withAll(run(missing, inputs.withAll(memo)));
        }
        return memo.only(requested);
    }

    @Override
    public Features compute(Set<String> requested, Features inputs) {
        requireNonNull(inputs, "inputs is null");
        return run(ordered(requested), inputs).only(requested);
    }

    /** Runs the network on this frame, booked as {@code extract}; checks it returned what was asked. */
    private Features run(Set<String> requested, Features inputs) {
        if (requested.isEmpty()) {
            throw new IllegalArgumentException("no stages requested; stages: " + stages);
        }
        for (String s : requested) {
            if (!stages.contains(s)) {
                throw new IllegalArgumentException("no stage '" + s + "'; stages: " + stages);
            }
        }
        extractions.add(ordered(requested));
        Features fresh = time("extract", () -> network.compute(frame.image(), requested, inputs));
        if (!fresh.names().containsAll(requested)) {
            throw new IllegalStateException("the network returned " + fresh.names() + " when asked for " + requested);
        }
        return fresh;
    }

    private static Set<String> ordered(Set<String> stages) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(requireNonNull(stages, "stages is null")));
    }

    @Override
    public List<String> stages() {
        return stages;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public ClassSet classes() {
        return classes;
    }

    @Override
    public ClassSet outputClasses() {
        return outputClasses;
    }

    @Override
    public Optional<Plan> plan() {
        return Optional.ofNullable(plan);
    }

    @Override
    public Optional<StageOrigin> origin(String stage) {
        return Optional.ofNullable(origins.get(stage));
    }

    @Override
    public SequenceInputs inputs() {
        return inputs;
    }

    @Override
    public <T> T time(String component, Supplier<T> work) {
        requireNonNull(component, "component is null");
        booked.add(component);
        return work.get();
    }

    /** Calls of {@link #flow} so far, memoized or not. */
    public int flowRequests() {
        return flowRequests;
    }

    /** Runs of the test's flow function so far: one per pair of frames asked about. */
    public int flowComputations() {
        return flows.size();
    }

    /** The stages asked of {@link #features(Set)} and {@link #features(Set, Features)}, in call order. */
    public List<Set<String>> featureRequests() {
        return List.copyOf(featureRequests);
    }

    /** The stages the network was run on (memo misses and {@link #compute} calls), in call order. */
    public List<Set<String>> extractions() {
        return List.copyOf(extractions);
    }

    /** The stages computed for this frame so far (the memo), with those given to {@link Builder#computed}. */
    public Features computed() {
        return memo;
    }

    /**
     * The components work was booked to, in the order the work started: the names given to {@link #time}, and
     * {@code extract} and {@code flow} for the context's own network runs and flow computations.
     */
    public List<String> booked() {
        return List.copyOf(booked);
    }
}
