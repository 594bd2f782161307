package io.vseg.runtime.eval;

/**
 * Region similarity (IoU, the J of DAVIS) between an annotated object mask and one predicted class, as the official
 * DAVIS code's {@code db_eval_iou} computes it (1 when both masks are empty; {@code BoundaryFTest} pins it).
 */
public final class MaskIou {
    private MaskIou() {
    }

    /**
     * IoU of the annotated object ({@code annotation > 0}) against the pixels labelled {@code label}; 1 when
     * both are empty.
     */
    public static double of(int[] annotation, int[] labels, int label) {
        boolean[] truth = new boolean[annotation.length];
        boolean[] predicted = new boolean[labels.length];
        for (int p = 0; p < annotation.length; p++) {
            truth[p] = annotation[p] > 0;
        }
        for (int p = 0; p < labels.length; p++) {
            predicted[p] = labels[p] == label;
        }
        return of(truth, predicted);
    }

    /** IoU of two binary masks of one size; 1 when both are empty. */
    public static double of(boolean[] truth, boolean[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("mask sizes differ: " + truth.length + " and " + predicted.length);
        }
        long inter = 0;
        long union = 0;
        for (int p = 0; p < truth.length; p++) {
            inter += truth[p] && predicted[p] ? 1 : 0;
            union += truth[p] || predicted[p] ? 1 : 0;
        }
        return union == 0 ? 1 : (double) inter / union;
    }
}
