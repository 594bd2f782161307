package io.vseg.runtime.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Opens a dataset by what its path holds. */
public final class Datasets {
    private Datasets() {
    }

    /**
     * @param path      a DAVIS root (has {@code JPEGImages}), a folder of frames, or a video file
     * @param labels    a folder of class-index label PNGs for a frame folder, or null
     * @param voidLabel the label ignored in scoring, for label folders
     * @param sequences DAVIS sequences to keep (null or empty: all)
     */
    public static Dataset open(Path path, Path labels, int voidLabel, List<String> sequences) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(path + ": no such dataset file or folder");
        }
        if (Files.isDirectory(path.resolve("JPEGImages"))) {
            return new DavisDataset(path, sequences);
        }
        if (labels != null) {
            return new LabelFolderDataset(path, labels, voidLabel);
        }
        return new VideoDataset(path);
    }
}
