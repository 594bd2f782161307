package io.vseg.api.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs a kernel's rows on a bounded pool: the per-pixel work of {@link Tensors} (warping, resizing, decoding
 * labels) is split into as many row ranges as there are threads, the calling thread taking the first. The
 * thread count is the runtime's ({@code vseg.runtime.threads}, set through {@link Tensors#useThreads}); small
 * kernels run on the calling thread alone, where handing rows to the pool would cost more than it saves.
 */
final class Parallel {
    /**
     * Below this many output values a kernel runs on the calling thread. A 2-class 144x256 map (74k values) is
     * under it: inside NetWarp's pipeline, handing half of its warp and resize to the pool cost more than it saved
     * (the fuser's 1.02-1.18 ms a frame at 1 << 16, 0.94-0.98 ms at 1 << 18).
     */
    private static final long MIN_WORK = 1 << 18;

    /** A kernel over rows {@code [from, to)}. */
    @FunctionalInterface
    interface Rows {
        void run(int from, int to);
    }

    /** The thread count and its pool, replaced whole, so that a kernel reads both from one setting. */
    private record Setting(int threads, ForkJoinPool pool) {
    }

    private static volatile Setting setting = new Setting(1, null);

    private Parallel() {
    }

    static synchronized void threads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + n);
        }
        Setting old = setting;
        if (n != old.threads()) {
            setting = new Setting(n, n > 1 ? new ForkJoinPool(n - 1) : null);
            if (old.pool() != null) {
                old.pool().shutdown(); // kernels still running on it finish; new ones use the new pool
            }
        }
    }

    static int threads() {
        return setting.threads();
    }

    /** Runs {@code kernel} over {@code rows} rows, each producing about {@code workPerRow} values. */
    static void rows(int rows, long workPerRow, Rows kernel) {
        Setting s = setting;
        int n = s.pool() == null ? 1 : Math.min(s.threads(), rows);
        if (n <= 1 || rows * workPerRow < MIN_WORK) {
            kernel.run(0, rows);
            return;
        }
        List<ForkJoinTask<?>> others = new ArrayList<>(n - 1);
        for (int i = 1; i < n; i++) {
            int from = (int) ((long) rows * i / n);
            int to = (int) ((long) rows * (i + 1) / n);
            try {
                others.add(s.pool().submit(() -> kernel.run(from, to)));
            } catch (RejectedExecutionException e) {
                kernel.run(from, to); // the pool was replaced meanwhile: this range on the calling thread
            }
        }
        kernel.run(0, rows / n);
        for (ForkJoinTask<?> t : others) {
            t.join();
        }
    }
}
