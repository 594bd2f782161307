package io.vseg.runtime.pipeline;

import io.vseg.api.Frame;
import io.vseg.api.FrameResult;
import java.io.IOException;

/** Receives each frame with its result, in order: writers, metrics. */
@FunctionalInterface
public interface FrameSink {
    void accept(Frame frame, FrameResult result, String frameName) throws IOException;
}
