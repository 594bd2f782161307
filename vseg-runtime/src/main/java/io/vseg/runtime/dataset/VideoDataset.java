package io.vseg.runtime.dataset;

import io.vseg.runtime.video.FrameSource;
import io.vseg.runtime.video.FrameSources;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** One unlabelled sequence: a video file or a folder of frames. Scored by agreement, TC and speed. */
public final class VideoDataset implements Dataset {
    private final Path input;

    public VideoDataset(Path input) {
        this.input = input;
    }

    @Override
    public String name() {
        return FrameSources.sequenceName(input);
    }

    @Override
    public List<String> sequences() {
        return List.of(name());
    }

    @Override
    public FrameSource open(String sequence) throws IOException {
        return new FrameSources().open(input, null);
    }

    @Override
    public LabelKind labelKind() {
        return LabelKind.NONE;
    }

    @Override
    public int voidLabel() {
        return -1;
    }

    @Override
    public Optional<int[]> labels(String sequence, String frameName, int width, int height) {
        return Optional.empty();
    }
}
