package io.vseg.learn;

import static java.util.Objects.requireNonNull;

import io.vseg.api.tensor.Tensors;
import java.util.Arrays;
import java.util.List;

/**
 * The mean IoU a recurrent fuser's trainer validates with: intersection and union per class, summed over the frames
 * of held-out {@link FrameSequences.Sequence sequences}; classes never present are left out of the mean, and so
 * are target pixels outside the classes (a void label).
 */
public final class SequenceIou {
    private final long[] inter;
    private final long[] union;

    public SequenceIou(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes: at least one, got " + classes);
        }
        inter = new long[classes];
        union = new long[classes];
    }

    /** Adds one frame's predicted labels against its target labels. */
    public void add(int[] predicted, int[] truth) {
        if (predicted.length != truth.length) {
            throw new IllegalArgumentException("labels of one size expected, got " + predicted.length + " and "
                    + truth.length);
        }
        for (int i = 0; i < predicted.length; i++) {
            int p = predicted[i];
            int t = truth[i];
            if (t < 0 || t >= inter.length) {
                continue;
            }
            if (p == t) {
                inter[p]++;
                union[p]++;
            } else {
                union[p]++;
                union[t]++;
            }
        }
    }

    /**
     * Adds a sequence a fuser ran from its first frame: that frame as the per-frame model labelled it (a fuser
     * starts there), frames 1.. from {@code fused}, their labels one plane after another.
     *
     * @param labels the ground truth where the data has it ({@link FrameSequences.Step#target})
     */
    public void addFused(FrameSequences.Sequence sequence, int[] fused, boolean labels) {
        List<FrameSequences.Step> steps = sequence.steps();
        add(Tensors.argmax(steps.get(0).input()), steps.get(0).target(labels));
        int plane = fused.length / Math.max(1, steps.size() - 1);
        for (int t = 1; t < steps.size(); t++) {
            add(Arrays.copyOfRange(fused, (t - 1) * plane, t * plane), steps.get(t).target(labels));
        }
    }

    /** The per-frame model's own labels over {@code sequences}: what a fuser is measured against. */
    public static double perFrame(List<FrameSequences.Sequence> sequences, boolean labels) {
        requireNonNull(sequences, "sequences is null");
        SequenceIou iou = new SequenceIou(sequences.get(0).steps().get(0).input().channels());
        for (FrameSequences.Sequence s : sequences) {
            for (FrameSequences.Step step : s.steps()) {
                iou.add(Tensors.argmax(step.input()), step.target(labels));
            }
        }
        return iou.mean();
    }

    /** The mean over the classes present. */
    public double mean() {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < inter.length; c++) {
            if (union[c] > 0) {
                sum += (double) inter[c] / union[c];
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }
}
