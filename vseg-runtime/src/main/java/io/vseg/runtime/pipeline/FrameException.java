package io.vseg.runtime.pipeline;

/**
 * A frame failed inside the pipeline. The message names the frame, and where a component failed, the component:
 * its slot, its name, its module and the exception's type, as in
 * {@code frame 7: fuser ema (module com.example.ema): IllegalStateException: boom}. {@link #detail()} is the same
 * without the frame, for callers that name the frame themselves (with the sequence and the frame's file name).
 */
public final class FrameException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int frameIndex;
    private final String detail;

    FrameException(int frameIndex, String detail, Throwable cause) {
        super("frame " + frameIndex + ": " + detail, cause);
        this.frameIndex = frameIndex;
        this.detail = detail;
    }

    public int frameIndex() {
        return frameIndex;
    }

    /** What failed and why, without the frame. */
    public String detail() {
        return detail;
    }
}
