package io.vseg.api.spi;

import io.vseg.api.Features;
import io.vseg.api.FrameContext;

/**
 * Combines what was computed or carried over for the current frame with its own memory of earlier frames
 * (for example a flow-warped recurrent state). Runs on every frame, after the key or propagation step.
 *
 * <p>One that holds resources, such as a network, implements {@link AutoCloseable} too: the runtime closes it
 * with its pipeline, and also when a component made after it fails to be made.
 */
public interface Fuser {

    /** The fused features for {@code ctx.frame()}; they must include {@link Features#LOGITS}. */
    Features fuse(Features features, FrameContext ctx);

    /** Forget all state: the next frame starts a new sequence. */
    default void reset() {
    }

    /**
     * Whether what this fuser remembers after a full key frame ({@link io.vseg.api.Plan#fullKey()}, every stage
     * computed fresh) depends on that frame and the later ones only, so that a run restarted at such a frame, after
     * {@link #reset()}, goes on exactly as one that never stopped. {@code vseg run --resume} restarts an interrupted
     * run at the last full key frame when every component says so, and at the sequence's first frame otherwise.
     * False unless the fuser says otherwise: a recurrent fuser's memory reaches back past any key frame.
     */
    default boolean resumableAtKey() {
        return false;
    }
}
