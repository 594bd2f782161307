package io.vseg.runtime.bench;

/**
 * One method's scores on one sequence; NaN where a score does not apply (no labels, or TC not measured).
 *
 * @param frames    frames read (agreement and TC take them all)
 * @param scored    frames scored against the dataset's labels ({@link ScoredFrames}; 0 without labels)
 * @param agreement mIoU of the method's labels against every-frame labels
 * @param tc        temporal consistency (mean IoU of labels at t and labels at t+1 warped back)
 * @param j         region similarity, mean over objects of the per-object mean over the scored frames (object labels)
 * @param f         contour accuracy, likewise
 * @param miou      mIoU against class labels (class labels)
 */
public record SequenceScores(int frames, int scored, double agreement, double tc, double j, double f, double miou) {

    /** J&amp;F mean. */
    public double jf() {
        return (j + f) / 2;
    }
}
