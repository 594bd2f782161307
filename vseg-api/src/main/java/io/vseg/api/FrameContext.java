package io.vseg.api;

import io.vseg.api.tensor.FlowField;
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

    /** The stages the pipeline's extractor offers, in order (the last is {@link Features#LOGITS}). */
    java.util.List<String> stages();

    /** The classes the pipeline's extractor predicts. */
    ClassSet classes();

    /**
     * Runs {@code work} and books its time to {@code component} in this frame's trace (time spent in
     * nested components is booked to them, not counted twice).
     */
    <T> T time(String component, Supplier<T> work);
}
