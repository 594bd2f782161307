package io.vseg.api.tensor;

/**
 * What {@link Tensors#warp} does where a sample point falls outside the source grid, and how it samples.
 */
public enum BorderMode {
    /** Bilinear sampling; neighbours outside the grid count as zero, so content fades out at the border. */
    ZERO,
    /** Bilinear sampling with the sample point clamped into the grid: border values are extended outwards. */
    REPLICATE,
    /**
     * Nearest-neighbour sampling with the sample point clamped into the grid. The mode for tensors whose
     * values must not be blended, such as class indices or one-hot label maps.
     */
    NEAREST
}
