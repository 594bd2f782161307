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

    /** Total time of all components, in nanoseconds. */
    public long totalNanos() {
        return nanos.values().stream().mapToLong(Long::longValue).sum();
    }
}
