package io.vseg.runtime.train;

import io.vseg.api.ClassSet;
import io.vseg.api.Frame;
import io.vseg.api.Segmentation;
import io.vseg.api.SequenceInputs;
import io.vseg.api.spi.TrainingClip;
import io.vseg.runtime.dataset.Dataset;
import java.util.List;
import java.util.Optional;

/**
 * A clip decoded into memory, with its labels mapped to the per-frame model's classes: class-index labels as
 * they are; DAVIS object ids to class 1 (every object is foreground) when the model has two classes.
 */
final class DecodedClip implements TrainingClip {
    private final String name;
    private final List<Frame> frames;
    private final List<Optional<int[]>> labels;
    private final Dataset.LabelKind kind;
    private final int voidLabel;
    private final ClassSet classes;
    private final SequenceInputs inputs;

    DecodedClip(String name, List<Frame> frames, List<Optional<int[]>> labels, Dataset.LabelKind kind, int voidLabel,
                ClassSet classes, SequenceInputs inputs) {
        this.name = name;
        this.frames = List.copyOf(frames);
        this.labels = List.copyOf(labels);
        this.kind = kind;
        this.voidLabel = voidLabel;
        this.classes = classes;
        this.inputs = inputs;
    }

    @Override
    public SequenceInputs inputs() {
        return inputs;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return frames.size();
    }

    @Override
    public Frame frame(int index) {
        return frames.get(index);
    }

    @Override
    public Optional<Segmentation> annotation(int index) {
        Optional<int[]> raw = labels.get(index);
        if (raw.isEmpty() || kind == Dataset.LabelKind.NONE
                || kind == Dataset.LabelKind.OBJECTS && classes.size() != 2) {
            return Optional.empty();
        }
        int[] l = raw.get().clone();
        for (int i = 0; i < l.length; i++) {
            if (l[i] == voidLabel) {
                l[i] = classes.voidLabel();
            } else if (kind == Dataset.LabelKind.OBJECTS) {
                l[i] = l[i] > 0 ? 1 : 0;
            }
        }
        Frame f = frames.get(index);
        return Optional.of(new Segmentation(f.image().width(), f.image().height(), l, null, classes));
    }
}
