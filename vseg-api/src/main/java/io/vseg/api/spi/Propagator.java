package io.vseg.api.spi;

import io.vseg.api.Features;
import io.vseg.api.FrameContext;
import io.vseg.api.KeyState;

/**
 * Carries the key frame's features over to the current frame without running the image network on it
 * (for example by warping them along optical flow).
 */
public interface Propagator {

    /**
     * Features for {@code ctx.frame()} derived from {@code key}; they must include {@link Features#LOGITS}
     * (directly, or by running the extractor's later stages through {@link FrameContext#features}).
     */
    Features propagate(KeyState key, FrameContext ctx);

    /** Forget all state: the next frame starts a new sequence. */
    default void reset() {
    }
}
