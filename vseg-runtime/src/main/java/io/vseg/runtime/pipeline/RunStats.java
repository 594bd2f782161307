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
 * @param wallNanos   wall-clock time of the whole run (decoding, compute and writing overlap), 0 while it runs
 */
public record RunStats(int frames, int keyFrames, long decodeNanos, long computeNanos, long outputNanos,
                       Map<String, Long> perComponent, long wallNanos) {

    /** Frames per second of the whole run, as the clock on the wall saw it. */
    public double wallFps() {
        return wallNanos == 0 ? 0 : frames / (wallNanos / 1e9);
    }

    /** Frames per second of the pipeline's compute alone. */
    public double computeFps() {
        return computeNanos == 0 ? 0 : frames / (computeNanos / 1e9);
    }

    /** Frames per second of decoding alone. */
    public double decodeFps() {
        return decodeNanos == 0 ? 0 : frames / (decodeNanos / 1e9);
    }
}
