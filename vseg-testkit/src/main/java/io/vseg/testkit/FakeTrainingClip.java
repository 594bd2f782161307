package io.vseg.testkit;

import static java.util.Objects.requireNonNull;

import io.vseg.api.Frame;
import io.vseg.api.Segmentation;
import io.vseg.api.SequenceInputs;
import io.vseg.api.spi.TrainingClip;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link TrainingClip} over frames a test made, with labels for some of them and what came with the sequence.
 *
 * @param name        the clip's name
 * @param frames      its frames, in order
 * @param annotations labels by frame position, for the frames that have them
 * @param inputs      what came with the clip besides its frames
 */
public record FakeTrainingClip(String name, List<Frame> frames, Map<Integer, Segmentation> annotations,
                               SequenceInputs inputs) implements TrainingClip {

    public FakeTrainingClip {
        requireNonNull(name, "name is null");
        frames = List.copyOf(frames);
        annotations = Map.copyOf(annotations);
        requireNonNull(inputs, "inputs is null");
        for (int i : annotations.keySet()) {
            if (i < 0 || i >= frames.size()) {
                throw new IllegalArgumentException("clip " + name + " has frames 0.." + (frames.size() - 1)
                        + ", not an annotation of frame " + i);
            }
        }
    }

    /** A clip without labels. */
    public static FakeTrainingClip of(String name, List<Frame> frames) {
        return new FakeTrainingClip(name, frames, Map.of(), SequenceInputs.none());
    }

    /** A clip whose frame {@code i} has label {@code annotations.get(i)} where that is not null. */
    public static FakeTrainingClip annotated(String name, List<Frame> frames, List<Segmentation> annotations) {
        if (annotations.size() != frames.size()) {
            throw new IllegalArgumentException("clip " + name + ": " + frames.size() + " frames but "
                    + annotations.size() + " annotations (null for a frame without)");
        }
        Map<Integer, Segmentation> byFrame = new HashMap<>();
        for (int i = 0; i < annotations.size(); i++) {
            if (annotations.get(i) != null) {
                byFrame.put(i, annotations.get(i));
            }
        }
        return new FakeTrainingClip(name, frames, byFrame, SequenceInputs.none());
    }

    /** This clip with {@code inputs} given with it. */
    public FakeTrainingClip withInputs(SequenceInputs inputs) {
        return new FakeTrainingClip(name, frames, annotations, inputs);
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
        return Optional.ofNullable(annotations.get(index));
    }
}
