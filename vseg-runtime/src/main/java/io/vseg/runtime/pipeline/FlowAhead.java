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
        discard();
        return compute.get();
    }

    /**
     * The result of {@code job}, waiting for it to end however long the thread is interrupted meanwhile (the flag is
     * set again after): returning early would let the next estimate start while this one runs.
     */
    private static FlowField take(Future<FlowField> job) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return job.get();
                } catch (InterruptedException e) {
                    interrupted = true;
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
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether a guess is waiting to be taken (or still running). */
    boolean running() {
        return !pending.isEmpty();
    }

    /**
     * Drops the guesses not taken, waiting for each to end so that the estimator is idle; their failures concern no
     * frame (a frame that asks for the pair again computes it afresh).
     */
    void discard() {
        try {
            for (Future<FlowField> job : pending.values()) {
                try {
                    take(job);
                } catch (RuntimeException | Error e) {
                    // a guess nobody took
                }
            }
        } finally {
            pending.clear();
        }
    }

    @Override
    public void close() {
        discard();
        if (thread != null) {
            thread.shutdownNow();
        }
    }
}
