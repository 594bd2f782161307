package io.vseg.runtime.dataset;

import io.vseg.runtime.video.Davis;
import io.vseg.runtime.video.FrameSource;
import io.vseg.runtime.video.ImageFolderSource;
import io.vseg.runtime.video.LabelPngs;
import io.vseg.api.SequenceInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The DAVIS layout: {@code JPEGImages/480p/<seq>} and {@code Annotations/480p/<seq>}. Masks are binary
 * (0 / 255, DAVIS 2016: object 1) or palette PNGs whose indices are object ids (DAVIS 2017).
 */
public final class DavisDataset implements Dataset {
    private final Path root;
    private final List<String> sequences;

    public DavisDataset(Path root, List<String> only) {
        this.root = root;
        List<String> all = Davis.sequences(root);
        if (all.isEmpty()) {
            throw new IllegalArgumentException(root + ": no sequences in " + Davis.images(root, ""));
        }
        if (only == null || only.isEmpty()) {
            this.sequences = all;
        } else {
            for (String s : only) {
                if (!all.contains(s)) {
                    throw new IllegalArgumentException(root + ": no DAVIS sequence '" + s + "'; sequences: " + all);
                }
            }
            this.sequences = List.copyOf(only);
        }
    }

    @Override
    public String name() {
        return root.getFileName().toString();
    }

    @Override
    public List<String> sequences() {
        return sequences;
    }

    @Override
    public FrameSource open(String sequence) {
        return new ImageFolderSource(Davis.images(root, sequence));
    }

    @Override
    public LabelKind labelKind() {
        return LabelKind.OBJECTS;
    }

    @Override
    public int voidLabel() {
        return -1;
    }

    @Override
    public Optional<int[]> labels(String sequence, String frameName, int width, int height) throws IOException {
        Path png = Davis.annotations(root, sequence).resolve(frameName + ".png");
        if (!Files.isRegularFile(png)) {
            return Optional.empty();
        }
        return Optional.of(Davis.objectIds(LabelPngs.read(png, width, height).values()));
    }

    @Override
    public SequenceInputs inputs(String sequence) throws IOException {
        return Davis.inputs(root, sequence);
    }
}
