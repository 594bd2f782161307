package io.vseg.plugin.dvsnet;

import io.vseg.learn.MlpModel;
import java.nio.file.Path;

/** Expected confidence of a region from its {@link MotionFeatures}: the share of its pixels a warp gets right. */
@FunctionalInterface
interface ConfidenceModel {

    /** In [0, 1]. */
    double confidence(float[] features);

    /** The decision network written by {@code vseg train dvsnet.confidence}, in folder {@code folder}. */
    static ConfidenceModel load(Path folder) {
        MlpModel mlp = MlpModel.load(folder, ConfidenceTrainer.MODEL_NAME);
        if (!mlp.features().equals(MotionFeatures.NAMES)) {
            throw new IllegalArgumentException(folder + ": the model takes features " + mlp.features()
                    + ", this version computes " + MotionFeatures.NAMES);
        }
        return mlp::predict;
    }

    /**
     * Without a trained model: the share of the region's cells that the warp explains photometrically,
     * {@code 1 - warp-error-share}. A wrong or impossible flow (a scene cut, fast non-rigid motion, occlusion)
     * leaves luma errors and lowers it; a static or well-tracked region keeps it near 1.
     */
    ConfidenceModel ANALYTIC = features ->
            Math.max(0, Math.min(1, 1 - features[MotionFeatures.NAMES.indexOf("warp-error-share")]));
}
