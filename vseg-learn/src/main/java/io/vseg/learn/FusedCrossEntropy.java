package io.vseg.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Cross-entropy of the fused scores of frames 1..L-1 of each window (B, L-1, C, H, W) against their labels, given for
 * all L frames (B, L, H, W; frame 0 is not fused, so not scored). Labels outside the classes (a void label) are
 * left out. The loss of a recurrent fuser trained on windows of {@link FrameSequences} (NetWarp, GRFP).
 */
public final class FusedCrossEntropy extends Loss {

    public FusedCrossEntropy() {
        super("fused-cross-entropy");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray pred = predictions.singletonOrThrow();
        long classes = pred.getShape().get(2);
        NDArray target = labels.singletonOrThrow().get(":, 1:");
        NDArray valid = target.lt(classes).toType(DataType.FLOAT32, false);
        NDArray index = target.clip(0, classes - 1).toType(DataType.INT64, false).expandDims(2);
        NDArray picked = pred.logSoftmax(2).gather(index, 2).squeeze(2);
        return picked.mul(valid).sum().div(valid.sum().maximum(1f)).neg();
    }
}
