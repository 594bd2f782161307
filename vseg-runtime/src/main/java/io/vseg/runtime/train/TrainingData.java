package io.vseg.runtime.train;

import io.vseg.api.ClassSet;
import io.vseg.api.Frame;
import io.vseg.api.spi.TrainingClip;
import io.vseg.runtime.dataset.Dataset;
import io.vseg.runtime.dataset.Datasets;
import io.vseg.runtime.video.FrameSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/** Decodes the training data named on the command line: video files, frame folders and DAVIS roots. */
public final class TrainingData {
    private TrainingData() {
    }

    /**
     * @param paths    videos, frame folders or DAVIS roots (every sequence of a root, less {@code exclude})
     * @param exclude  sequence names to leave out (held-out test sequences)
     * @param classes  the per-frame model's classes, for mapping labels
     * @param progress told one line per decoded clip
     */
    public static List<TrainingClip> decode(List<Path> paths, Set<String> exclude, ClassSet classes,
                                            Consumer<String> progress) throws IOException {
        List<Dataset> datasets = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (Path path : paths) {
            Dataset dataset = Datasets.open(path, null, ClassSet.DEFAULT_VOID, null);
            datasets.add(dataset);
            names.addAll(dataset.sequences());
        }
        // A misspelt held-out name would put that sequence in the training data without a word.
        List<String> unknown = exclude.stream().filter(e -> !names.contains(e)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--exclude: no sequence " + String.join(", ", unknown) + " in --data"
                    + " (its sequences: " + String.join(", ", names) + ")");
        }
        List<TrainingClip> clips = new ArrayList<>();
        for (int d = 0; d < datasets.size(); d++) {
            Path path = paths.get(d);
            Dataset dataset = datasets.get(d);
            for (String seq : dataset.sequences()) {
                if (exclude.contains(seq)) {
                    continue;
                }
                List<Frame> frames = new ArrayList<>();
                List<Optional<int[]>> labels = new ArrayList<>();
                try (FrameSource source = dataset.open(seq)) {
                    for (Optional<Frame> f = source.next(); f.isPresent(); f = source.next()) {
                        frames.add(f.get());
                        labels.add(dataset.labels(seq, source.frameName(f.get().index()), f.get().width(),
                                f.get().height()));
                    }
                }
                if (frames.isEmpty()) {
                    throw new IllegalArgumentException(path + ": sequence " + seq + " has no frames");
                }
                long annotated = labels.stream().filter(Optional::isPresent).count();
                progress.accept("data: " + seq + ", " + frames.size() + " frames, " + annotated + " annotated");
                clips.add(new DecodedClip(seq, frames, labels, dataset.labelKind(), dataset.voidLabel(), classes,
                        dataset.inputs(seq)));
            }
        }
        if (clips.isEmpty()) {
            throw new IllegalArgumentException("--data: no sequences left to train on");
        }
        return List.copyOf(clips);
    }
}
