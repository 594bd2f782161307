package io.vseg.plugin.dvsnet;

import io.vseg.api.spi.Capabilities;
import java.util.Locale;

/**
 * What a segmented region costs and what it sees: the {@code segment-on} setting of the scheduler and its trainer.
 */
enum SegmentOn {
    /**
     * The network runs on each segmented region's crop, and the region keeps its own key frame (the paper's way).
     * It pays off for fully convolutional networks run at the frame's own scale, whose cost follows the area.
     */
    CROP,
    /**
     * Regions only decide: when any region's expected confidence is below its threshold, the whole frame is
     * segmented (one key for every region); else the whole frame is warped. For networks with a fixed input size
     * (such as the bundled selfie model), for which a crop costs as much as the frame and, enlarged to the
     * input, is labelled differently from the same pixels seen in the whole frame.
     */
    FRAME,
    /** {@link #FRAME} for an extractor that reads a fixed input size, else {@link #CROP}: see {@link #resolve}. */
    AUTO;

    static SegmentOn parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("segment-on: auto, crop or frame, got '" + value + "'", e);
        }
    }

    /** This setting for the pipeline's extractor: {@link #AUTO} decided by whether it reads a fixed input size. */
    SegmentOn resolve(Capabilities extractor) {
        if (this != AUTO) {
            return this;
        }
        return extractor.fixedInput() ? FRAME : CROP;
    }
}
