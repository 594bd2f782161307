package io.vseg.runtime.pipeline;

import io.vseg.api.Frame;
import io.vseg.api.spi.FlowEstimator;
import io.vseg.api.tensor.FlowField;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Optical flow estimated ahead, on one background thread, while the frame's network runs: the pipeline starts the
 * pairs of frames it expects the components to ask about ({@code Pipeline.guessFlow}); a component's request then
 * takes its result, waiting if it is not done. The estimator is used by one thread at a time: a request for a pair
 * not started first waits for the ones started.
 */
final class FlowAhead implements AutoCloseable {
    private final FlowEstimator estimator;
    private final Map<Long, Future<FlowField>> pending = new LinkedHashMap<>();
    private ExecutorService thread;

    FlowAhead(FlowEstimator estimator) {
        this.estimator = estimator;
    }

    /** Starts estimating the flow of {@code target} to {@code source}, after those already started. */
    void start(Frame target, Frame source) {
        long pair = FrameScope.Shared.pair(target.index(), source.index());
        if (pending.containsKey(pair)) {
            return;
        }
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "vseg-flow-ahead");
                t.setDaemon(true);
                return t;
            });
        }
        pending.put(pair, thread.submit(() -> estimator.estimate(target.image(), source.image())));
    }

    /** The flow of {@code pair}: its guess where there is one, else {@code compute} once no guess is running. */
    FlowField get(long pair, Supplier<FlowField> compute) {
        Future<FlowField> job = pending.remove(pair);
        if (job != null) {
            return take(job);
        }
        for (Future<FlowField> other : pending.values()) {
            finish(other);
        }
        return compute.get();
    }

    private static FlowField take(Future<FlowField> job) {
        try {
            return job.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for optical flow", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("optical flow failed: " + cause, cause);
        }
    }

    /** Waits for a guess nobody has asked for (yet), whatever its outcome. */
    private static void finish(Future<FlowField> job) {
        try {
            take(job);
        } catch (RuntimeException e) {
            // its failure concerns the frame that asks for it, if one does
        }
    }

    /** Drops the guesses not taken (waiting for them, so that the estimator is idle). */
    void discard() {
        for (Future<FlowField> job : pending.values()) {
            finish(job);
        }
        pending.clear();
    }

    @Override
    public void close() {
        discard();
        if (thread != null) {
            thread.shutdownNow();
        }
    }
}
