package io.vseg.runtime.eval;

import io.vseg.api.tensor.BorderMode;
import io.vseg.api.tensor.FlowField;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;

/**
 * Temporal consistency TC: the mean IoU between the labels at t and the labels at t+1 warped back to t by
 * optical flow (backward flow with target t and source t+1, nearest-neighbour so labels are not blended).
 * 1 for a method whose labels move exactly with the scene. One fixed flow estimator serves every method.
 */
public final class TemporalConsistency {
    private TemporalConsistency() {
    }

    /** mIoU between {@code labelsT} and {@code labelsNext} warped by {@code flowTtoNext}. */
    public static double pair(int[] labelsT, int[] labelsNext, FlowField flowTtoNext, int width, int height,
                              int classes) {
        float[] next = new float[labelsNext.length];
        for (int i = 0; i < next.length; i++) {
            next[i] = labelsNext[i];
        }
        Tensor warped = Tensors.warp(Tensor.wrap(1, height, width, next), flowTtoNext, BorderMode.NEAREST);
        int[] back = new int[labelsNext.length];
        java.nio.FloatBuffer v = warped.buffer();
        for (int i = 0; i < back.length; i++) {
            back[i] = Math.round(v.get(i));
        }
        ConfusionMatrix m = new ConfusionMatrix(classes, -1);
        m.add(labelsT, back);
        return m.meanIou();
    }
}
