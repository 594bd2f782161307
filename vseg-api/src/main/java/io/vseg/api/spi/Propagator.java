package io.vseg.api.spi;

import io.vseg.api.Features;
import io.vseg.api.FrameContext;
import io.vseg.api.KeyState;

/**
 * Carries the key frame's features over to the current frame without running the image network on it
 * (for example by warping them along optical flow).
 *
 * <p>One that holds resources, such as a network, implements {@link AutoCloseable} too: the runtime closes it
 * with its pipeline, and also when a component made after it fails to be made.
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

    /**
     * Whether what this propagator remembers after a full key frame ({@link io.vseg.api.Plan#fullKey()}, every stage
     * computed fresh) depends on that frame and the later ones only, so that a run restarted at such a frame, after
     * {@link #reset()}, goes on exactly as one that never stopped. {@code vseg run --resume} restarts an interrupted
     * run at the last full key frame when every component says so, and at the sequence's first frame otherwise.
     * False unless the propagator says otherwise (a cache keyed by the key state it was built from is fine).
     */
    default boolean resumableAtKey() {
        return false;
    }
}
