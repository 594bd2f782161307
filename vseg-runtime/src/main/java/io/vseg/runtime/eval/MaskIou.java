package io.vseg.runtime.eval;

/** Region similarity (IoU, the J of DAVIS) between an annotated object mask and one predicted class. */
public final class MaskIou {
    private MaskIou() {
    }

    /**
     * IoU of the annotated object ({@code annotation > 0}) against the pixels labelled {@code label}; 1 when
     * both are empty.
     */
    public static double of(int[] annotation, int[] labels, int label) {
        return of(annotation, labels, -1, label);
    }

    /**
     * IoU of object {@code object} of the annotation ({@code annotation == object}, or any non-zero value when
     * {@code object} is -1) against the pixels labelled {@code label}; 1 when both are empty.
     */
    public static double of(int[] annotation, int[] labels, int object, int label) {
        if (annotation.length != labels.length) {
            throw new IllegalArgumentException("mask sizes differ: " + annotation.length + " and " + labels.length);
        }
        long inter = 0;
        long union = 0;
        for (int p = 0; p < annotation.length; p++) {
            boolean t = object < 0 ? annotation[p] > 0 : annotation[p] == object;
            boolean l = labels[p] == label;
            inter += t && l ? 1 : 0;
            union += t || l ? 1 : 0;
        }
        return union == 0 ? 1 : (double) inter / union;
    }
}
