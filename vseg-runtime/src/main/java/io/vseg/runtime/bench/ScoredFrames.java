package io.vseg.runtime.bench;

import io.vseg.runtime.dataset.Dataset;
import io.vseg.runtime.pipeline.OutputClasses;

/**
 * Which frames of a sequence are scored against the dataset's labels (J, F, or mIoU). Agreement, temporal
 * consistency and speed take every frame whatever the choice.
 */
public enum ScoredFrames {
    /** Every frame read. */
    ALL,
    /**
     * The DAVIS benchmark's protocol: every frame but the first and the last, frames {@code 1..n-2} (the official
     * evaluation code scores {@code annotations[1:-1]}; in semi-supervised VOS the first frame's masks are given).
     * With {@code --max-frames} the last frame is the last one read.
     */
    DAVIS;

    /** Whether frame {@code index} of {@code count} read is scored. */
    public boolean scores(int index, int count) {
        return this == ALL || (index > 0 && index < count - 1);
    }

    /**
     * The default for a pipeline whose labels index {@code output} on {@code dataset}: {@link #DAVIS} for
     * semi-supervised video object segmentation (the sequence's objects, given by their first frame's masks, on
     * object masks), {@link #ALL} otherwise: a semantic segmentation method gets no frame's labels, so every
     * frame is a fair test of it.
     */
    public static ScoredFrames defaultFor(Dataset dataset, OutputClasses output) {
        return dataset.labelKind() == Dataset.LabelKind.OBJECTS && output == OutputClasses.OBJECTS ? DAVIS : ALL;
    }
}
