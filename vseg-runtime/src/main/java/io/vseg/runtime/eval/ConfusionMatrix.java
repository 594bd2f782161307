package io.vseg.runtime.eval;

/**
 * Counts of (reference label, predicted label) pairs over pixels, from which per-class IoU and mIoU follow:
 * {@code IoU_c = TP_c / (TP_c + FP_c + FN_c)}, mIoU the mean over classes that occur in the reference or the
 * prediction. Reference pixels equal to the void label are not counted, and a class that is the void label is
 * left out of the mean.
 */
public final class ConfusionMatrix {
    private final int classes;
    private final int voidLabel;
    private final long[] counts;

    public ConfusionMatrix(int classes, int voidLabel) {
        if (classes <= 0) {
            throw new IllegalArgumentException("classes must be > 0");
        }
        this.classes = classes;
        this.voidLabel = voidLabel;
        this.counts = new long[classes * classes];
    }

    /** Adds one frame's pixels; labels outside {@code [0, classes)} other than void are an error. */
    public void add(int[] reference, int[] predicted) {
        if (reference.length != predicted.length) {
            throw new IllegalArgumentException("label maps differ in size: " + reference.length + " and " + predicted.length);
        }
        for (int i = 0; i < reference.length; i++) {
            int r = reference[i];
            if (r == voidLabel) {
                continue;
            }
            int p = predicted[i];
            if (r < 0 || r >= classes || p < 0 || p >= classes) {
                throw new IllegalArgumentException("label out of range at pixel " + i + ": " + r + " / " + p);
            }
            counts[r * classes + p]++;
        }
    }

    /** Adds the counts of {@code other}, which has at most as many classes (its class k is this one's k). */
    public void addAll(ConfusionMatrix other) {
        if (other.classes > classes) {
            throw new IllegalArgumentException("class counts differ: " + other.classes + " added to " + classes);
        }
        for (int r = 0; r < other.classes; r++) {
            for (int p = 0; p < other.classes; p++) {
                counts[r * classes + p] += other.counts[r * other.classes + p];
            }
        }
    }

    /** The number of classes counted. */
    public int classes() {
        return classes;
    }

    /**
     * These counts in a matrix of {@code more} classes (the extra ones empty): where sequences have different
     * numbers of classes, as their objects in semi-supervised segmentation.
     */
    public ConfusionMatrix widened(int more) {
        ConfusionMatrix wide = new ConfusionMatrix(Math.max(more, classes), voidLabel);
        wide.addAll(this);
        return wide;
    }

    public long count(int reference, int predicted) {
        return counts[reference * classes + predicted];
    }

    /** IoU of class {@code c}, or NaN when it occurs in neither the reference nor the prediction. */
    public double iou(int c) {
        long tp = count(c, c);
        long fp = 0;
        long fn = 0;
        for (int k = 0; k < classes; k++) {
            if (k != c) {
                fp += count(k, c);
                fn += count(c, k);
            }
        }
        long union = tp + fp + fn;
        return union == 0 ? Double.NaN : (double) tp / union;
    }

    /**
     * Mean IoU over the classes that occur, leaving out a class that is the void label (a model such as ESPNet's
     * Cityscapes network predicts a trained void class, which the ground truth marks as ignored); NaN when nothing
     * was counted.
     */
    public double meanIou() {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < classes; c++) {
            if (c == voidLabel) {
                continue;
            }
            double v = iou(c);
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** IoU per class (NaN for a class in neither labelling, and for the void class). */
    public double[] classIou() {
        double[] iou = new double[classes];
        for (int c = 0; c < classes; c++) {
            iou[c] = c == voidLabel ? Double.NaN : iou(c);
        }
        return iou;
    }

    /** Share of counted pixels where the labels agree. */
    public double pixelAccuracy() {
        long all = 0;
        long diag = 0;
        for (int r = 0; r < classes; r++) {
            for (int p = 0; p < classes; p++) {
                all += count(r, p);
            }
            diag += count(r, r);
        }
        return all == 0 ? Double.NaN : (double) diag / all;
    }
}
