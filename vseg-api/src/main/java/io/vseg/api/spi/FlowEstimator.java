package io.vseg.api.spi;

import io.vseg.api.Image;
import io.vseg.api.tensor.FlowField;

/**
 * Dense optical flow between two images of the same size.
 *
 * <p>Implementations need not be thread-safe: the runtime never makes two calls at once. It may make them from
 * more than one thread (the frame loop's, and the one that estimates flow ahead while the network runs), one after
 * the other, each call seeing what the one before it did.
 */
public interface FlowEstimator extends AutoCloseable {

    /**
     * Backward flow on {@code target}'s grid, or on a coarser grid of the same frame (an estimator that works
     * on shrunk frames returns its field as computed; {@link FlowField#resized} scales it to any grid): for
     * each pixel p of {@code target}, {@code p + flow(p)} is where the same content is in {@code source}.
     * Warping {@code source} by it reconstructs {@code target}.
     */
    FlowField estimate(Image target, Image source);

    @Override
    default void close() {
    }
}
