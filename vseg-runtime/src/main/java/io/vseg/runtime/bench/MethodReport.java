package io.vseg.runtime.bench;

import java.util.Map;

/**
 * One pipeline's figures in a benchmark, over all measured frames (warm-up excluded).
 *
 * @param name           {@code every-frame} for the baseline, else the pipeline's name
 * @param frames         measured frames
 * @param keyShare       share of frames with fresh network compute
 * @param meanMs         mean compute time per frame (decode excluded)
 * @param p50Ms          latency percentiles of compute per frame
 * @param componentMs    mean milliseconds per frame per component (decode is the input's, shared)
 * @param speedup        baseline mean time over this pipeline's, measured in the same run
 * @param agreement      mIoU of this pipeline's labels against the baseline's
 * @param groundTruthIou mean IoU of class 1 against annotations (mean over sequences), NaN without labels
 * @param perSequenceIou the same per sequence
 */
public record MethodReport(String name, int frames, double keyShare, double meanMs, double p50Ms, double p95Ms,
                           double p99Ms, Map<String, Double> componentMs, double speedup, double agreement,
                           double groundTruthIou, Map<String, Double> perSequenceIou) {

    public double fps() {
        return meanMs == 0 ? 0 : 1000 / meanMs;
    }
}
