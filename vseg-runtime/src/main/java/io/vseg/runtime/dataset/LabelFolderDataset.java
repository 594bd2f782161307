package io.vseg.runtime.dataset;

import io.vseg.runtime.video.FrameSource;
import io.vseg.runtime.video.ImageFolderSource;
import io.vseg.runtime.video.LabelPngs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** One sequence: a folder of frames and a folder of class-index label PNGs matched by file name. */
public final class LabelFolderDataset implements Dataset {
    private final Path images;
    private final Path labels;
    private final int voidLabel;

    public LabelFolderDataset(Path images, Path labels, int voidLabel) {
        if (!Files.isDirectory(labels)) {
            throw new IllegalArgumentException(labels + ": no such label folder");
        }
        this.images = images;
        this.labels = labels;
        this.voidLabel = voidLabel;
    }

    @Override
    public String name() {
        return images.getFileName().toString();
    }

    @Override
    public List<String> sequences() {
        return List.of(name());
    }

    @Override
    public FrameSource open(String sequence) {
        return new ImageFolderSource(images);
    }

    @Override
    public LabelKind labelKind() {
        return LabelKind.CLASSES;
    }

    @Override
    public int voidLabel() {
        return voidLabel;
    }

    @Override
    public Optional<int[]> labels(String sequence, String frameName, int width, int height) throws IOException {
        Path png = labels.resolve(frameName + ".png");
        return Files.isRegularFile(png) ? Optional.of(LabelPngs.read(png, width, height).values()) : Optional.empty();
    }
}
