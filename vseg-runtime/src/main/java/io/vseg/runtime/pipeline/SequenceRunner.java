package io.vseg.runtime.pipeline;

import io.vseg.api.Frame;
import io.vseg.api.FrameResult;
import io.vseg.api.SequenceInputs;
import io.vseg.runtime.video.FrameSource;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a pipeline over one sequence in a bounded pipeline of three threads: one decodes frames, the calling thread
 * computes them, one hands the results to the sink (writing labels, overlay and trace), each stage at most
 * {@value #DEPTH} frames ahead of the next. Wall-clock throughput is then set by the slowest stage, not by their
 * sum. Frames reach the sink in order. A failure names the sequence and the frame; every frame before it is still
 * handed to the sink, so what a run wrote before a bad frame stays written.
 */
public final class SequenceRunner {
    /** Frames a stage may run ahead of the next. */
    static final int DEPTH = 4;

    /** Told after each frame is computed; for progress bars. */
    @FunctionalInterface
    public interface Progress {
        void frameDone(int done, int total, RunStats soFar);
    }

    private SequenceRunner() {
    }

    /** One decoded frame, the end of the sequence, or the decoder's failure. */
    private record Decoded(Frame frame, String name, long nanos, SequenceException failure) {
        static final Decoded END = new Decoded(null, null, 0, null);
    }

    /** One computed frame for the sink, or the end (after the last frame, or before a failed one). */
    private record Computed(Frame frame, FrameResult result, String name) {
        static final Computed END = new Computed(null, null, null);
    }

    /**
     * @param maxFrames stop after this many frames (0 = all)
     * @throws SequenceException naming the sequence and frame that failed
     */
    public static RunStats run(Pipeline pipeline, FrameSource source, FrameSink sink, int maxFrames, Progress progress) {
        return run(pipeline, source, SequenceInputs.none(), sink, maxFrames, progress);
    }

    /**
     * As above, for a sequence that comes with {@code inputs} (such as its first frame's object masks).
     *
     * @throws SequenceException naming the sequence and frame that failed
     */
    public static RunStats run(Pipeline pipeline, FrameSource source, SequenceInputs inputs, FrameSink sink,
                               int maxFrames, Progress progress) {
        return run(pipeline, source, inputs, sink, 0, maxFrames, progress);
    }

    /**
     * As above, for a run that restarts at frame {@code first} of the sequence ({@code vseg run --resume}): the
     * source has already given the frames before it, and the pipeline starts afresh there.
     *
     * @param maxFrames stop after this many frames of the sequence, counted from its start (0 = all)
     * @throws SequenceException naming the sequence and frame that failed
     */
    public static RunStats run(Pipeline pipeline, FrameSource source, SequenceInputs inputs, FrameSink sink,
                               int first, int maxFrames, Progress progress) {
        if (first < 0 || maxFrames > 0 && first > maxFrames) {
            throw new IllegalArgumentException("first frame " + first + " outside the run's " + maxFrames + " frames");
        }
        pipeline.reset(inputs);
        int total = source.frameCount();
        if (maxFrames > 0 && (total < 0 || total > maxFrames)) {
            total = maxFrames;
        }
        total = total < 0 ? total : Math.max(0, total - first);
        int limit = maxFrames > 0 ? maxFrames - first : 0;
        if (maxFrames > 0 && limit == 0) {
            return new Tally(0, progress).stats(0);
        }
        BlockingQueue<Decoded> decoded = new ArrayBlockingQueue<>(DEPTH);
        BlockingQueue<Computed> computed = new ArrayBlockingQueue<>(DEPTH);
        Tally tally = new Tally(total, progress);
        ExecutorService decoding = thread("vseg-decode-" + source.name());
        ExecutorService writing = thread("vseg-write-" + source.name());
        long started = System.nanoTime();
        try {
            Future<?> decoder = decoding.submit(() -> decode(source, first, limit, decoded));
            Future<?> writer = writing.submit(() -> {
                write(source.name(), computed, sink, tally);
                return null;
            });
            SequenceException failure;
            try {
                failure = compute(pipeline, source.name(), decoded, computed, tally, writer);
            } catch (RuntimeException | Error e) {
                // Not a frame's failure (the pipeline names those): still, what was computed is written first.
                sendQuietly(computed, writer);
                await(writer);
                throw e;
            }
            // The writer finishes every frame before a failure, then the failure is told.
            await(writer);
            decoder.cancel(true);
            if (failure != null) {
                throw failure;
            }
        } finally {
            // The decoder may be inside the source's native code: the caller closes the source only after it left.
            stop(decoding);
            stop(writing);
        }
        return tally.stats(System.nanoTime() - started);
    }

    private static ExecutorService thread(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private static void stop(ExecutorService thread) {
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("a run's " + thread + " did not stop within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sendQuietly(BlockingQueue<Computed> out, Future<?> writer) {
        try {
            send(out, Computed.END, writer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void decode(FrameSource source, int first, int limit, BlockingQueue<Decoded> out) {
        int frames = 0;
        try {
            while (limit <= 0 || frames < limit) {
                long t0 = System.nanoTime();
                Decoded d;
                try {
                    Optional<Frame> next = source.next();
                    if (next.isEmpty()) {
                        break;
                    }
                    Frame frame = next.get();
                    d = new Decoded(frame, source.frameName(frame.index()), System.nanoTime() - t0, null);
                } catch (IOException | RuntimeException | Error e) {
                    // Whatever stops decoding is told to the computing thread, which otherwise would wait forever.
                    String why = e instanceof IOException || e.getMessage() != null && e instanceof RuntimeException
                            ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
                    out.put(new Decoded(null, null, 0, new SequenceException(source.name() + ": frame "
                            + (first + frames) + ": " + why, e)));
                    return;
                }
                out.put(d);
                frames++;
            }
            out.put(Decoded.END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the run ended early: stop decoding
        }
    }

    /** Computes frames until the end or a failure, which it returns after telling the writer to finish. */
    private static SequenceException compute(Pipeline pipeline, String sequence, BlockingQueue<Decoded> in,
                                             BlockingQueue<Computed> out, Tally tally, Future<?> writer) {
        try {
            while (true) {
                Decoded d = take(in, writer);
                if (d == null) {
                    return null; // the writer failed: await(writer) tells
                }
                if (d == Decoded.END || d.failure() != null) {
                    send(out, Computed.END, writer);
                    return d.failure();
                }
                FrameResult result;
                try {
                    result = pipeline.process(d.frame(), d.nanos());
                } catch (FrameException e) {
                    send(out, Computed.END, writer);
                    return new SequenceException(sequence + ": frame " + d.frame().index() + " (" + d.name() + "): "
                            + e.detail(), e);
                }
                tally.computed(d.nanos(), result);
                if (!send(out, new Computed(d.frame(), result, d.name()), writer)) {
                    return null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SequenceException(sequence + ": interrupted", e);
        }
    }

    /** Hands {@code c} to the writer; false when the writer stopped (failed) first. */
    private static boolean send(BlockingQueue<Computed> out, Computed c, Future<?> writer) throws InterruptedException {
        while (!out.offer(c, 100, TimeUnit.MILLISECONDS)) {
            if (writer.isDone()) {
                return false;
            }
        }
        return true;
    }

    /** The next decoded frame, or null when the writer stopped (failed) while waiting. */
    private static Decoded take(BlockingQueue<Decoded> in, Future<?> writer) throws InterruptedException {
        while (true) {
            Decoded d = in.poll(100, TimeUnit.MILLISECONDS);
            if (d != null) {
                return d;
            }
            if (writer.isDone()) {
                return null;
            }
        }
    }

    private static void write(String sequence, BlockingQueue<Computed> in, FrameSink sink, Tally tally)
            throws InterruptedException {
        while (true) {
            Computed c = in.take();
            if (c == Computed.END) {
                try {
                    sink.finish();
                } catch (IOException e) {
                    throw new SequenceException(sequence + ": " + e.getMessage(), e);
                }
                return;
            }
            long t0 = System.nanoTime();
            try {
                sink.accept(c.frame(), c.result(), c.name());
            } catch (IOException | RuntimeException e) {
                // A RuntimeException here is no message written for the user (a buffer's overflow has none).
                throw new SequenceException(sequence + ": frame " + c.frame().index() + " (" + c.name() + "): "
                        + (e instanceof IOException && e.getMessage() != null ? e.getMessage()
                        : ComponentGuard.describe(e)), e);
            }
            tally.written(System.nanoTime() - t0);
        }
    }

    private static void await(Future<?> writer) {
        try {
            writer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SequenceException s) {
                throw s;
            }
            throw new IllegalStateException("writing failed: " + e.getCause(), e.getCause());
        }
    }

    /** The run's counts, shared by the compute and writer threads. */
    private static final class Tally {
        private final int total;
        private final Progress progress;
        private int frames;
        private int keys;
        private long decode;
        private long compute;
        private long output;
        private final Map<String, Long> perComponent = new TreeMap<>();

        Tally(int total, Progress progress) {
            this.total = total;
            this.progress = progress;
        }

        /** A frame computed (on the computing thread, which also tells the progress). */
        void computed(long decodeNanos, FrameResult result) {
            RunStats soFar;
            synchronized (this) {
                decode += decodeNanos;
                for (Map.Entry<String, Long> e : result.nanos().entrySet()) {
                    if (!e.getKey().equals("decode")) {
                        compute += e.getValue();
                        perComponent.merge(e.getKey(), e.getValue(), Long::sum);
                    }
                }
                frames++;
                keys += result.isKey() ? 1 : 0;
                soFar = stats(0);
            }
            if (progress != null) {
                progress.frameDone(soFar.frames(), total, soFar);
            }
        }

        synchronized void written(long nanos) {
            output += nanos;
        }

        synchronized RunStats stats(long wallNanos) {
            return new RunStats(frames, keys, decode, compute, output, Map.copyOf(perComponent), wallNanos);
        }
    }
}
