package io.vseg.runtime.pipeline;

import io.vseg.api.Frame;
import io.vseg.api.FrameResult;
import java.io.IOException;

/** Receives each frame with its result, in order: writers, metrics. */
@FunctionalInterface
public interface FrameSink {
    void accept(Frame frame, FrameResult result, String frameName) throws IOException;

    /**
     * Called after the last frame the run hands over (also before a failure is told): finish what is still being
     * written, so that its failure names its file before the run reports.
     */
    default void finish() throws IOException {
    }
}
