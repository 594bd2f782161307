package io.vseg.runtime.pipeline;

import java.util.Map;

/**
 * What a run over one sequence took.
 *
 * @param frames      frames processed
 * @param keyFrames   frames with fresh network compute on some part
 * @param decodeNanos total time decoding the input (I/O, reported apart from compute)
 * @param computeNanos total time in the pipeline's components
 * @param outputNanos total time writing outputs
 * @param perComponent total time per component
 */
public record RunStats(int frames, int keyFrames, long decodeNanos, long computeNanos, long outputNanos,
                       Map<String, Long> perComponent) {

    /** Frames per second of the pipeline's compute alone. */
    public double computeFps() {
        return computeNanos == 0 ? 0 : frames / (computeNanos / 1e9);
    }

    /** Frames per second of decoding alone. */
    public double decodeFps() {
        return decodeNanos == 0 ? 0 : frames / (decodeNanos / 1e9);
    }
}
