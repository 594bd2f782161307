package io.vseg.student;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import io.vseg.learn.ConvBlocks;

/**
 * Soft cross-entropy against the target probabilities, on the input grid: the logits (stride 4 in the plain
 * layout, 1 in the mobile one) and the auxiliary {@code scores2} (stride 8) are upsampled bilinearly where
 * coarser, as the runtime decodes them, and {@code -sum_c q_c log softmax(z)_c} is averaged over pixels; the
 * auxiliary term is weighted.
 */
final class DistillationLoss extends Loss {
    private final float auxWeight;

    DistillationLoss(float auxWeight) {
        super("distillation");
        this.auxWeight = auxWeight;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray target = labels.head();
        long h = target.getShape().get(2);
        long w = target.getShape().get(3);
        NDArray main = softCrossEntropy(ConvBlocks.resize(predictions.get(0), h, w), target);
        if (auxWeight == 0 || predictions.size() < 2) {
            return main;
        }
        return main.add(softCrossEntropy(ConvBlocks.resize(predictions.get(1), h, w), target).mul(auxWeight));
    }

    private static NDArray softCrossEntropy(NDArray logits, NDArray target) {
        return logits.logSoftmax(1).mul(target).sum(new int[] {1}).mean().neg();
    }
}
