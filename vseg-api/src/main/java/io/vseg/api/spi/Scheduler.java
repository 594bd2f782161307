package io.vseg.api.spi;

import io.vseg.api.FrameContext;
import io.vseg.api.FrameResult;
import io.vseg.api.Plan;

/**
 * Decides, frame by frame, what gets fresh network compute: the whole frame ({@link Plan.Key}), some stages
 * of it, nothing ({@link Plan.Propagate}), or each region separately ({@link Plan.Regions}).
 *
 * <p>The first frame of a sequence has no key state: a scheduler must plan a key for it (the runtime
 * rejects anything else). Schedulers hold state across frames; {@link #reset()} starts a new sequence.
 *
 * <p>One that holds resources, such as a network, implements {@link AutoCloseable} too: the runtime closes it
 * with its pipeline, and also when a component made after it fails to be made.
 */
public interface Scheduler {

    /** The plan for {@code ctx.frame()}. */
    Plan plan(FrameContext ctx);

    /** Called with each frame's result after it is decoded, for adaptive schedulers. */
    default void observe(FrameResult result) {
    }

    /** Forget all state: the next frame starts a new sequence. */
    default void reset() {
    }

    /**
     * Whether what this scheduler remembers after a full key frame ({@link io.vseg.api.Plan#fullKey()}, every stage
     * computed fresh) depends on that frame and the later ones only, so that a run restarted at such a frame, after
     * {@link #reset()}, goes on exactly as one that never stopped. {@code vseg run --resume} restarts an interrupted
     * run at the last full key frame when every component says so, and at the sequence's first frame otherwise.
     * A scheduler that says so must also plan a full key for the first frame after a reset, as for the frame it
     * restarts at. False unless the scheduler says otherwise: adaptive thresholds, for one, learn across key frames.
     */
    default boolean resumableAtKey() {
        return false;
    }
}
