package io.vseg.runtime.video;

import io.vseg.api.Frame;
import java.io.IOException;
import java.util.Optional;

/** A sequence of decoded frames: a video file or a folder of images. Read once, in order. */
public interface FrameSource extends AutoCloseable {

    /** A short name for messages and reports (file or folder name). */
    String name();

    /** The next frame, or empty at the end. @throws IOException naming the file and the frame */
    Optional<Frame> next() throws IOException;

    /** The file name (without extension) to use for frame {@code index}'s outputs, e.g. {@code 00012}. */
    String frameName(int index);

    /** Frames in the sequence, or -1 when unknown before reading. */
    int frameCount();

    /** Frames per second, for writing video; 0 when the source has no timing. */
    double frameRate();

    @Override
    void close() throws IOException;
}
