package io.vseg.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vseg.api.Frame;
import io.vseg.api.Plan;
import io.vseg.runtime.pipeline.PipelineTest.CountingFlow;
import io.vseg.runtime.pipeline.PipelineTest.RedExtractor;
import io.vseg.runtime.video.FrameSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The overlapped run: decoding, compute and writing on their own threads, in order, keeping what was written. */
class SequenceRunnerTest {

    /** {@code n} frames of changing brightness; frame {@code corrupt} (if any) fails to decode. */
    private static FrameSource frames(int n, int corrupt) {
        return frames(n, corrupt, false);
    }

    /** As above; with {@code error}, the corrupt frame throws an {@link Error} instead of an IOException. */
    private static FrameSource frames(int n, int corrupt, boolean error) {
        return new FrameSource() {
            private int next;

            @Override
            public String name() {
                return "synthetic";
            }

            @Override
            public Optional<Frame> next() throws IOException {
                if (next == n) {
                    return Optional.empty();
                }
                if (next == corrupt) {
                    if (error) {
                        throw new OutOfMemoryError("no memory for frame " + next);
                    }
                    throw new IOException("frame " + next + " is corrupt");
                }
                int i = next++;
                return Optional.of(PipelineTest.frame(i, 16, 8, (i * 53) % 256));
            }

            @Override
            public String frameName(int index) {
                return String.format("%05d", index);
            }

            @Override
            public int frameCount() {
                return n;
            }

            @Override
            public double frameRate() {
                return 25;
            }

            @Override
            public void close() {
            }
        };
    }

    private static Pipeline pipeline(int failAt) {
        return PipelineTest.pipeline(new RedExtractor(), new CountingFlow(), PipelineTest.scripted(ctx -> {
            if (ctx.frame().index() == failAt) {
                throw new IllegalStateException("no plan");
            }
            return ctx.frame().index() % 3 == 0 ? Plan.fullKey() : Plan.propagate();
        }));
    }

    @Test
    void writesWhatTheSequentialLoopComputesInOrder() throws Exception {
        List<String> sequential = new ArrayList<>();
        try (Pipeline p = pipeline(-1); FrameSource source = frames(40, -1)) {
            p.reset();
            for (Optional<Frame> f = source.next(); f.isPresent(); f = source.next()) {
                var r = p.process(f.get());
                sequential.add(source.frameName(f.get().index()) + " " + r.plan().label() + " "
                        + java.util.Arrays.hashCode(r.segmentation().labels()));
            }
        }
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        RunStats stats;
        try (Pipeline p = pipeline(-1)) {
            stats = SequenceRunner.run(p, frames(40, -1), (frame, r, name) -> written.add(name + " "
                    + r.plan().label() + " " + java.util.Arrays.hashCode(r.segmentation().labels())), 0, null);
        }
        assertThat(written).isEqualTo(sequential);
        assertThat(stats.frames()).isEqualTo(40);
        assertThat(stats.keyFrames()).isEqualTo(14);
        assertThat(stats.wallNanos()).isPositive();
    }

    @Test
    void aFrameThatFailsKeepsEveryFrameBeforeItWritten() {
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        try (Pipeline p = pipeline(7)) {
            assertThatThrownBy(() -> SequenceRunner.run(p, frames(40, -1), (f, r, name) -> written.add(name), 0, null))
                    .isInstanceOf(SequenceException.class)
                    .hasMessage("synthetic: frame 7 (00007): scheduler: IllegalStateException: no plan");
        }
        assertThat(written).containsExactly("00000", "00001", "00002", "00003", "00004", "00005", "00006");
    }

    @Test
    void aFrameThatFailsToDecodeKeepsEveryFrameBeforeIt() {
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        try (Pipeline p = pipeline(-1)) {
            assertThatThrownBy(() -> SequenceRunner.run(p, frames(40, 5), (f, r, name) -> written.add(name), 0, null))
                    .isInstanceOf(SequenceException.class).hasMessage("synthetic: frame 5: frame 5 is corrupt");
        }
        assertThat(written).hasSize(5);
    }

    @Test
    void aSinkThatFailsStopsTheRunNamingItsFrame() {
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        try (Pipeline p = pipeline(-1)) {
            assertThatThrownBy(() -> SequenceRunner.run(p, frames(400, -1), (f, r, name) -> {
                if (f.index() == 3) {
                    throw new IOException("disk full");
                }
                written.add(name);
            }, 0, null)).isInstanceOf(SequenceException.class).hasMessage("synthetic: frame 3 (00003): disk full");
        }
        assertThat(written).containsExactly("00000", "00001", "00002");
    }

    @Test
    void anErrorWhileDecodingEndsTheRunInsteadOfHangingIt() {
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        try (Pipeline p = pipeline(-1)) {
            assertThatThrownBy(() -> SequenceRunner.run(p, frames(40, 3, true), (f, r, name) -> written.add(name), 0,
                    null)).isInstanceOf(SequenceException.class)
                    .hasMessage("synthetic: frame 3: OutOfMemoryError: no memory for frame 3");
        }
        assertThat(written).containsExactly("00000", "00001", "00002");
    }
}
