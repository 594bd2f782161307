package io.vseg.runtime.pipeline;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Books time to components, exclusively: while a nested component runs (flow asked for by a propagator,
 * say), its time goes to it and not to the caller. Single-threaded, one per frame.
 */
final class FrameTimer {
    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private final Deque<String> running = new ArrayDeque<>();
    private long segmentStart;

    <T> T time(String component, Supplier<T> work) {
        long now = System.nanoTime();
        if (!running.isEmpty()) {
            nanos.merge(running.peek(), now - segmentStart, Long::sum);
        }
        running.push(component);
        segmentStart = now;
        try {
            return work.get();
        } finally {
            long end = System.nanoTime();
            nanos.merge(component, end - segmentStart, Long::sum);
            running.pop();
            segmentStart = end;
        }
    }

    /** Adds time measured elsewhere (e.g. decoding, before the frame reached the pipeline). */
    void add(String component, long ns) {
        nanos.merge(component, ns, Long::sum);
    }

    Map<String, Long> nanos() {
        return Map.copyOf(nanos);
    }
}
