package io.vseg.api;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * Everything the frame loop produced for one frame.
 *
 * @param frameIndex   the frame
 * @param plan         the plan the scheduler chose
 * @param features     the features after fusion (they include {@link Features#LOGITS})
 * @param segmentation the decoded labels at frame size
 * @param nanos        time spent per component ({@code extract}, {@code flow}, {@code schedule},
 *                     {@code propagate}, {@code fuse}, {@code decode}, ...), exclusive of nested components
 */
public record FrameResult(int frameIndex, Plan plan, Features features, Segmentation segmentation,
                          Map<String, Long> nanos) {
    public FrameResult {
        requireNonNull(plan, "plan is null");
        requireNonNull(features, "features is null");
        requireNonNull(segmentation, "segmentation is null");
        nanos = Map.copyOf(nanos);
    }

    /** Whether fresh network compute ran on any part of this frame. */
    public boolean isKey() {
        return switch (plan) {
            case Plan.Key k -> true;
            case Plan.Propagate p -> false;
            case Plan.Regions r -> r.keyShare() > 0;
        };
    }

    /**
     * Share of the frame's area that fresh network compute covered: 1 for a key frame (whole or some stages),
     * 0 for a propagated one, the union of the key regions for a regions plan.
     */
    public double segmentedArea() {
        return switch (plan) {
            case Plan.Key k -> 1;
            case Plan.Propagate p -> 0;
            case Plan.Regions r -> r.keyArea(segmentation.width(), segmentation.height());
        };
    }

    /** Total time of all components, in nanoseconds. */
    public long totalNanos() {
        return nanos.values().stream().mapToLong(Long::longValue).sum();
    }
}
