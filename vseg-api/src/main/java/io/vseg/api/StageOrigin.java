package io.vseg.api;

/**
 * Where a stage of the current frame's features came from, as {@link FrameContext#origin} reports it to the
 * propagator and the fuser.
 */
public enum StageOrigin {
    /** Computed by the network on this frame (on this frame's image, possibly from carried-over inputs). */
    FRESH,
    /** Held unchanged from the key frame (a stage a clock or a partial key plan did not refresh). */
    CACHED,
    /** Carried over to this frame by the propagator (warped, or otherwise derived from the key frame). */
    PROPAGATED
}
