package io.vseg.api;

import static java.util.Objects.requireNonNull;

/**
 * The last key frame and the features computed on it: what a {@link io.vseg.api.spi.Propagator} carries
 * over. Where the scheduler works per region, there is one key state per region, its frame the crop.
 */
public record KeyState(Frame frame, Features features) {
    public KeyState {
        requireNonNull(frame, "frame is null");
        requireNonNull(features, "features is null");
    }
}
