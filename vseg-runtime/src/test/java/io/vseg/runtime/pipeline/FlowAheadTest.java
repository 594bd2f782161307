package io.vseg.runtime.pipeline;

import static io.vseg.runtime.pipeline.PipelineTest.frame;
import static io.vseg.runtime.pipeline.PipelineTest.scripted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vseg.api.Frame;
import io.vseg.api.FrameResult;
import io.vseg.api.Image;
import io.vseg.api.Plan;
import io.vseg.api.spi.FlowEstimator;
import io.vseg.api.spi.Fuser;
import io.vseg.api.tensor.FlowField;
import io.vseg.runtime.component.CopyPropagator;
import io.vseg.runtime.pipeline.PipelineTest.RedExtractor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Flow estimated ahead ({@link FlowAhead}): the guessed pair is computed once, on the thread of its own, and the
 * components get exactly the flow they ask for, guess or miss; with it off, every call is on the frame loop.
 */
class FlowAheadTest {

    /**
     * Frame i is uniformly red 10 * i; its flow to frame j says (dx, dy) = (i, j), and each call is recorded. Not
     * thread-safe, as estimators need not be: each call takes a moment and counts how many run at once.
     */
    static final class PairFlow implements FlowEstimator {
        final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        volatile int mostAtOnce;
        volatile int failOnTarget = -1;

        @Override
        public FlowField estimate(Image target, Image source) {
            int now = running.incrementAndGet();
            mostAtOnce = Math.max(mostAtOnce, now);
            try {
                int t = index(target);
                int s = index(source);
                calls.add(t + "<-" + s + (Thread.currentThread().getName().equals("vseg-flow-ahead") ? " ahead" : " loop"));
                Thread.sleep(3);
                if (t == failOnTarget) {
                    throw new IllegalStateException("no flow for frame " + t);
                }
                return FlowField.constant(target.width(), target.height(), t, s);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                running.decrementAndGet();
            }
        }

        private static int index(Image image) {
            return image.get(0, 0, 0) / 10;
        }
    }

    /** A fuser that asks for the flow of each frame to the frame {@code source} names, and keeps what it got. */
    static final class AskingFuser implements Fuser {
        final IntUnaryOperator source;
        final List<String> got = new ArrayList<>();

        AskingFuser(IntUnaryOperator source) {
            this.source = source;
        }

        @Override
        public io.vseg.api.Features fuse(io.vseg.api.Features features, io.vseg.api.FrameContext ctx) {
            int t = ctx.frame().index();
            int s = source.applyAsInt(t);
            if (s >= 0) {
                Frame from = s == t - 1 ? ctx.previousFrame().orElseThrow() : keyFrame(ctx);
                FlowField f = ctx.flow(ctx.frame(), from);
                got.add((int) f.dx(0, 0) + "<-" + (int) f.dy(0, 0));
            }
            return features;
        }

        private static Frame keyFrame(io.vseg.api.FrameContext ctx) {
            return ctx.key().orElseThrow().frame();
        }
    }

    /** Every frame a key (as NetWarp runs), or frame 0 the one key and the others copying it (as DFF runs). */
    private static Pipeline pipeline(PairFlow flow, Fuser fuser, boolean everyFrame, boolean ahead) {
        return new Pipeline(new RedExtractor(), flow,
                scripted(ctx -> everyFrame || ctx.frame().index() == 0 ? Plan.fullKey() : Plan.propagate()),
                new CopyPropagator(), fuser, Map.of(), Map.of(), OutputClasses.EXTRACTOR, RedExtractor::new, ahead);
    }

    /** Never two estimates at once. */
    @org.junit.jupiter.api.AfterEach
    void oneEstimateAtATime() {
        assertThat(lastFlow == null ? 0 : lastFlow.mostAtOnce).isLessThanOrEqualTo(1);
    }

    private PairFlow lastFlow;

    private PairFlow flow() {
        lastFlow = new PairFlow();
        return lastFlow;
    }

    private static List<FrameResult> run(Pipeline p, int frames) {
        List<FrameResult> out = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            out.add(p.process(frame(i, 6, 4, 10 * i)));
        }
        return out;
    }

    @Test
    void theFlowToThePreviousFrameIsEstimatedAheadOnceAFrameAskedForIt() {
        PairFlow flow = flow();
        AskingFuser fuser = new AskingFuser(t -> t - 1);
        try (Pipeline p = pipeline(flow, fuser, true, true)) {
            run(p, 5);
        }
        assertThat(fuser.got).containsExactly("1<-0", "2<-1", "3<-2", "4<-3");
        // Frame 1 asked first, on the loop; from frame 2 on the pair was guessed and computed once, ahead.
        assertThat(flow.calls).containsExactly("1<-0 loop", "2<-1 ahead", "3<-2 ahead",
                "4<-3 ahead");
    }

    @Test
    void theFlowToAKeyFrameOnPropagatedFramesIsNotGuessed() {
        PairFlow flow = flow();
        // As DFF: frame 0 the key, the others propagated with the flow to it; nothing runs to overlap with.
        AskingFuser fuser = new AskingFuser(t -> t == 0 ? -1 : 0);
        try (Pipeline p = pipeline(flow, fuser, false, true)) {
            run(p, 4);
        }
        assertThat(fuser.got).containsExactly("1<-0", "2<-0", "3<-0");
        assertThat(flow.calls).containsExactly("1<-0 loop", "2<-0 loop", "3<-0 loop");
    }

    @Test
    void aGuessNotAskedForIsDropped() {
        PairFlow flow = flow();
        // Frames 1 and 2 ask for the frame before, frame 3 for nothing, frame 4 for the frame before again.
        AskingFuser fuser = new AskingFuser(t -> t == 3 ? -1 : t - 1);
        List<FrameResult> results;
        try (Pipeline p = pipeline(flow, fuser, true, true)) {
            results = run(p, 5);
        }
        assertThat(fuser.got).containsExactly("1<-0", "2<-1", "4<-3");
        // 3<-2 was guessed and nobody took it; frame 4 had no guess, since frame 3 asked for nothing.
        assertThat(flow.calls).containsExactly("1<-0 loop", "2<-1 ahead", "3<-2 ahead", "4<-3 loop");
        assertThat(results.get(2).nanos()).containsKey("flow");
        assertThat(results.get(3).nanos()).doesNotContainKey("flow");
    }

    @Test
    void aPairTheSchedulerAskedForIsNotGuessedAgain() {
        PairFlow flow = flow();
        AskingFuser fuser = new AskingFuser(t -> t - 1);
        // As DVSNet's scheduler does: the flow is asked for while planning, before the network runs.
        io.vseg.api.spi.Scheduler asks = ctx -> {
            ctx.previousFrame().ifPresent(p -> ctx.flow(ctx.frame(), p));
            return Plan.fullKey();
        };
        try (Pipeline p = new Pipeline(new RedExtractor(), flow, asks, new CopyPropagator(), fuser, Map.of(), Map.of(),
                OutputClasses.EXTRACTOR, RedExtractor::new, true)) {
            run(p, 4);
        }
        assertThat(fuser.got).containsExactly("1<-0", "2<-1", "3<-2");
        assertThat(flow.calls).containsExactly("1<-0 loop", "2<-1 loop", "3<-2 loop");
    }

    @Test
    void withoutFlowAheadEveryEstimateIsOnTheFrameLoop() {
        PairFlow flow = flow();
        AskingFuser fuser = new AskingFuser(t -> t - 1);
        try (Pipeline p = pipeline(flow, fuser, true, false)) {
            run(p, 4);
        }
        assertThat(fuser.got).containsExactly("1<-0", "2<-1", "3<-2");
        assertThat(flow.calls).containsExactly("1<-0 loop", "2<-1 loop", "3<-2 loop");
    }

    @Test
    void aGuessThatFailsFailsTheFrameThatTakesItNamingTheFlow() {
        PairFlow flow = flow();
        flow.failOnTarget = 3;
        AskingFuser fuser = new AskingFuser(t -> t - 1);
        try (Pipeline p = pipeline(flow, fuser, true, true)) {
            run(p, 3);
            assertThatThrownBy(() -> p.process(frame(3, 6, 4, 30)))
                    .isInstanceOf(FrameException.class)
                    .hasMessageContaining("frame 3").hasMessageContaining("flow").hasMessageContaining("no flow for frame 3");
            // The sequence goes on from the last frame that succeeded, frame 2, whose flow is guessed again.
            FrameResult next = p.process(frame(4, 6, 4, 40));
            assertThat(next.frameIndex()).isEqualTo(4);
        }
        assertThat(fuser.got).containsExactly("1<-0", "2<-1", "4<-2");
        assertThat(flow.calls).containsExactly("1<-0 loop", "2<-1 ahead", "3<-2 ahead", "4<-2 ahead");
    }

    @Test
    void aResetDropsTheGuess() {
        PairFlow flow = flow();
        AskingFuser fuser = new AskingFuser(t -> t - 1);
        try (Pipeline p = pipeline(flow, fuser, true, true)) {
            run(p, 3);
            p.reset();
            // The new sequence's frame 0 asks nothing; its frame 1 asks on the loop again.
            run(p, 2);
        }
        assertThat(fuser.got).containsExactly("1<-0", "2<-1", "1<-0");
        assertThat(flow.calls).containsExactly("1<-0 loop", "2<-1 ahead", "1<-0 loop");
    }
}
