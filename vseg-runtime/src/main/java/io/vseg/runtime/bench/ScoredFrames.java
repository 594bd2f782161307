package io.vseg.runtime.bench;

import io.vseg.runtime.dataset.Dataset;

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

    /** The default for {@code dataset}: {@link #DAVIS} on object masks (a DAVIS root), {@link #ALL} otherwise. */
    public static ScoredFrames defaultFor(Dataset dataset) {
        return dataset.labelKind() == Dataset.LabelKind.OBJECTS ? DAVIS : ALL;
    }
}
