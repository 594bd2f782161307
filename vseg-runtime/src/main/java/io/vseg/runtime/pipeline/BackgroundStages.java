package io.vseg.runtime.pipeline;

import io.vseg.api.Features;
import io.vseg.api.Image;
import io.vseg.api.spi.FeatureExtractor;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The deferred stages of pipelined key plans ({@link io.vseg.api.Plan#pipelined}): computed on one background
 * thread by a second copy of the extractor (made on first use, used by that thread alone), one frame at a time.
 */
final class BackgroundStages implements AutoCloseable {
    private final Supplier<FeatureExtractor> copies;
    private ExecutorService thread;
    private FeatureExtractor extractor;
    private Future<Features> pending;

    BackgroundStages(Supplier<FeatureExtractor> copies) {
        this.copies = copies;
    }

    /** Starts computing {@code stages} of {@code image} from {@code inputs}; at most one job is in flight. */
    void submit(Image image, Set<String> stages, Features inputs) {
        if (pending != null) {
            throw new IllegalStateException("a background job is still pending");
        }
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "vseg-background-stages");
                t.setDaemon(true);
                return t;
            });
        }
        pending = thread.submit(() -> {
            if (extractor == null) {
                extractor = copies.get();
            }
            return extractor.extract(image, stages, inputs);
        });
    }

    /** The result of the job in flight (waiting for it), or empty features when none is. */
    Features take() {
        if (pending == null) {
            return Features.empty();
        }
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for background stages", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("background stages failed: " + cause, cause);
        } finally {
            pending = null;
        }
    }

    /** Drops the job in flight (waits for it so that the extractor is idle). */
    void discard() {
        if (pending != null) {
            try {
                take();
            } catch (RuntimeException e) {
                // a discarded job's failure concerns no frame any more
            }
        }
    }

    @Override
    public void close() {
        discard();
        if (thread != null) {
            thread.shutdown();
            thread = null;
        }
        if (extractor != null) {
            extractor.close();
            extractor = null;
        }
    }
}
