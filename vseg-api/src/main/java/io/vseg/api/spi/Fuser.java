package io.vseg.api.spi;

import io.vseg.api.Features;
import io.vseg.api.FrameContext;

/**
 * Combines what was computed or carried over for the current frame with its own memory of earlier frames
 * (for example a flow-warped recurrent state). Runs on every frame, after the key or propagation step.
 */
public interface Fuser {

    /** The fused features for {@code ctx.frame()}; they must include {@link Features#LOGITS}. */
    Features fuse(Features features, FrameContext ctx);

    /** Forget all state: the next frame starts a new sequence. */
    default void reset() {
    }
}
