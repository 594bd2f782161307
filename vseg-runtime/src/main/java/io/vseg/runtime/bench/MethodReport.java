package io.vseg.runtime.bench;

import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One pipeline's figures in a benchmark, over all measured frames (warm-up excluded).
 *
 * @param name        {@code every-frame} for the baseline, else the pipeline's name
 * @param frames      measured frames
 * @param keyShare    share of frames with fresh network compute
 * @param fullShare   share of frames with every stage computed fresh (a full key; for stage-wise methods, the
 *                    share of frames whose deep stages were refreshed)
 * @param segmentedArea mean share of each frame's area that fresh compute covered (1 per key frame; for
 *                    region-wise methods, the key regions' union)
 * @param meanMs      mean compute time per frame (decode excluded)
 * @param p50Ms       latency percentiles of compute per frame
 * @param componentMs mean milliseconds per frame per component (decode is the input's, shared)
 * @param speedup     baseline mean time over this pipeline's, measured in the same run
 * @param agreement   mIoU of this pipeline's labels against the baseline's, over all frames
 * @param idealSpeedup the speedup if the framework's own work cost nothing: the baseline's extract time per frame
 *                    over this pipeline's extract and flow time per frame (its key frames' network compute and
 *                    its motion are what no implementation of the method avoids)
 * @param classes     per class (by name): IoU of agreement with the baseline over all frames, and IoU against the
 *                    dataset's class labels where it has them (NaN otherwise), each a pair {agreement, labels}
 * @param sequences   scores per sequence
 */
public record MethodReport(String name, int frames, double keyShare, double fullShare,
                           double segmentedArea, double meanMs, double p50Ms, double p95Ms,
                           double p99Ms, Map<String, Double> componentMs, double speedup, double agreement,
                           double idealSpeedup, Map<String, double[]> classes, Map<String, SequenceScores> sequences) {

    /**
     * The framework's own work against the network's: (total - extract - flow) / extract, per frame (labels
     * decoding, warping, stitching, scheduling, fusing). NaN without extract time.
     */
    public double overhead() {
        double extract = componentMs.getOrDefault("extract", 0.0);
        double flow = componentMs.getOrDefault("flow", 0.0);
        return extract == 0 ? Double.NaN : (meanMs - extract - flow) / extract;
    }

    public double fps() {
        return meanMs == 0 ? 0 : 1000 / meanMs;
    }

    /** Mean over sequences of a score, skipping NaN; NaN when no sequence has it. */
    public double mean(ToDoubleFunction<SequenceScores> score) {
        return sequences.values().stream().mapToDouble(score).filter(v -> !Double.isNaN(v)).average()
                .orElse(Double.NaN);
    }

    public double tc() {
        return mean(SequenceScores::tc);
    }

    public double j() {
        return mean(SequenceScores::j);
    }

    public double f() {
        return mean(SequenceScores::f);
    }

    public double jf() {
        return mean(SequenceScores::jf);
    }

    public double miou() {
        return mean(SequenceScores::miou);
    }
}
