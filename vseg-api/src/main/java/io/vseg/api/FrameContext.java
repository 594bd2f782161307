package io.vseg.api;

import io.vseg.api.tensor.FlowField;
import io.vseg.api.spi.Capabilities;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a component may see and ask for while the runtime processes one frame.
 *
 * <p>Flow and features are memoized per frame: a scheduler, a propagator and a fuser that ask for the same
 * flow or the same stage get one computation between them. Where the scheduler planned per region, the
 * propagator is handed a context restricted to its region: {@link #frame()} is the crop, {@link #key()} the
 * region's key state and {@link #flow} the crop of the full-frame flow.
 */
public interface FrameContext {

    /** The frame being processed (the crop, in a region's context). */
    Frame frame();

    /** The key state that applies here, if a key frame has been computed yet. */
    Optional<KeyState> key();

    /** The previous frame's result, if any. */
    Optional<FrameResult> previous();

    /** The previous frame, if any (the crop, in a region's context). */
    Optional<Frame> previousFrame();

    /**
     * Backward flow from {@code target} to {@code source} (for p in target, p + flow(p) is in source), on the
     * target's grid or a coarser one (see {@link FlowField#resized}); computed once per pair of frames and
     * shared by every component.
     */
    FlowField flow(Frame target, Frame source);

    /**
     * The named stages of the current frame, computed by the pipeline's extractor once and shared.
     * Stages already computed for this frame are reused.
     */
    Features features(Set<String> stages);

    /**
     * Like {@link #features(Set)}, but stages not requested are taken from {@code inputs} where present there:
     * how a propagator runs the network's later stages (the task layers) on warped intermediate features.
     */
    Features features(Set<String> stages, Features inputs);

    /**
     * Computes {@code stages} fresh on this frame from {@code inputs}, neither reading nor writing the frame's
     * memo: how a fuser runs the network's later stages (the head) on fused intermediate features, where
     * {@link #features(Set, Features)} would hand back the stages already computed for this frame. Stages the
     * requested ones depend on are taken from {@code inputs} where present there, else computed fresh. Booked
     * as {@code extract}.
     *
     * @since 1.0
     */
    default Features compute(Set<String> stages, Features inputs) {
        throw new UnsupportedOperationException("this FrameContext cannot compute stages outside the frame's memo");
    }

    /** The stages the pipeline's extractor offers, in order (the last is {@link Features#LOGITS}). */
    java.util.List<String> stages();

    /**
     * What the pipeline's extractor is: fixed input size, each stage's stride and channels.
     *
     * @since 1.0
     */
    default Capabilities capabilities() {
        return Capabilities.unknown(stages());
    }

    /** The classes the pipeline's extractor predicts. */
    ClassSet classes();

    /**
     * The classes the pipeline outputs: the extractor's, or with {@code vseg.pipeline.output = objects} the
     * sequence's objects ({@link ObjectMasks#classes()}), whose scores a fuser (such as FEELVOS's) must produce.
     *
     * @since 1.0
     */
    default ClassSet outputClasses() {
        return classes();
    }

    /**
     * The current frame's plan: empty while the scheduler is planning it, set for the propagator and the fuser.
     * In a region's context it is the region's plan.
     *
     * @since 1.0
     */
    default Optional<Plan> plan() {
        return Optional.empty();
    }

    /**
     * Where a stage of the current frame's features came from, once the key or propagation step has produced
     * them (so for the fuser; for the propagator, of the stages computed so far): empty for a stage this frame
     * does not have.
     *
     * @since 1.0
     */
    default Optional<StageOrigin> origin(String stage) {
        return Optional.empty();
    }

    /**
     * What came with the sequence besides its frames, such as the first frame's object masks.
     *
     * @since 1.0
     */
    default SequenceInputs inputs() {
        return SequenceInputs.none();
    }

    /**
     * Runs {@code work} and books its time to {@code component} in this frame's trace (time spent in
     * nested components is booked to them, not counted twice).
     */
    <T> T time(String component, Supplier<T> work);
}
