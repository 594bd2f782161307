package io.vseg.plugin.netwarp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.spi.Fuser;
import io.vseg.api.tensor.BorderMode;
import io.vseg.api.tensor.FlowField;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import io.vseg.testkit.FakeComponentContext;
import io.vseg.testkit.FakeExtractor;
import io.vseg.testkit.FakeFrameContext;
import io.vseg.testkit.TestFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetWarpFuserTest {
    private static final int W = 64;
    private static final int H = 48;
    /** Every pixel came from 2 px to its left in the frame before. */
    private static final FlowField SQUARE_FLOW = FlowField.of(constantFlow(-2, 0));

    /**
     * The true backward flow of frame {@code t} of {@link TestFrames#movingSquare}: the square moves right 2 px a
     * frame over a still background.
     */
    private static FlowField squareFlow(int t) {
        int side = H / 4;
        int left = W / 8 + 2 * t;
        int top = (H - side) / 2;
        float[] v = new float[2 * W * H];
        for (int y = top; y < top + side; y++) {
            for (int x = left; x < left + side; x++) {
                v[y * W + x] = -2;
            }
        }
        return FlowField.of(Tensor.wrap(2, H, W, v));
    }

    private static Tensor constantFlow(float dx, float dy) {
        float[] v = new float[2 * W * H];
        java.util.Arrays.fill(v, 0, W * H, dx);
        java.util.Arrays.fill(v, W * H, 2 * W * H, dy);
        return Tensor.wrap(2, H, W, v);
    }

    private static Fuser fuser(String slots) {
        Config config = ConfigFactory.parseString(slots)
                .withFallback(ConfigFactory.defaultReference().getConfig("vseg.components.netwarp"));
        return new NetWarpFuser.Factory().create(config, FakeComponentContext.of("vseg.pipeline.fuser"));
    }

    /** Per frame: the per-frame logits and the fused ones. */
    private record Run(List<Tensor> perFrame, List<Tensor> fused) {
    }

    private static Run run(Fuser fuser, FakeExtractor network, List<Frame> frames, FlowField flow, String stage) {
        List<Tensor> perFrame = new ArrayList<>();
        List<Tensor> fused = new ArrayList<>();
        for (int t = 0; t < frames.size(); t++) {
            FakeFrameContext.Builder b = FakeFrameContext.builder(frames.get(t)).extractor(network).flow(flow);
            if (t > 0) {
                b.previousFrame(frames.get(t - 1));
            }
            FakeFrameContext ctx = b.build();
            Features f = ctx.features(new java.util.LinkedHashSet<>(List.of(stage, Features.LOGITS)));
            perFrame.add(f.logits());
            fused.add(fuser.fuse(f, ctx).logits());
        }
        return new Run(perFrame, fused);
    }

    private static Tensor blend(float w1, Tensor z, float w2, Tensor memory, FlowField flow) {
        return Tensors.weightedSum(z, w1, Tensors.warp(memory, flow, BorderMode.REPLICATE), w2);
    }

    @Test
    void withW1OneAndW2ZeroTheOutputIsThePerFrameOutput() {
        Run r = run(fuser("w1 = 1, w2 = 0"), FakeExtractor.logitsOnly(), TestFrames.movingSquare(4, W, H),
                SQUARE_FLOW, Features.LOGITS);
        for (int t = 0; t < r.fused().size(); t++) {
            assertThat(r.fused().get(t).toArray()).as("frame %d", t).containsExactly(r.perFrame().get(t).toArray());
        }
    }

    @Test
    void zeroFlowIdenticalFramesAndWeightsSummingToOneGiveThePerFrameOutput() {
        Frame still = TestFrames.movingSquare(1, W, H).get(0);
        List<Frame> frames = List.of(still, new Frame(1, 40_000, still.image()), new Frame(2, 80_000, still.image()));
        Run r = run(fuser("w1 = 0.3, w2 = 0.7"), FakeExtractor.logitsOnly(), frames, FlowField.zero(W, H),
                Features.LOGITS);
        for (int t = 0; t < frames.size(); t++) {
            float[] expected = r.perFrame().get(t).toArray();
            float[] actual = r.fused().get(t).toArray();
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).isCloseTo(expected[i], within(1e-6f));
            }
        }
    }

    @Test
    void theFusedRepresentationIsCarriedAlongTheFlowFromFrameToFrame() {
        List<Frame> frames = TestFrames.movingSquare(3, W, H);
        Fuser fuser = fuser("w1 = 0.6, w2 = 0.4");
        List<Tensor> perFrame = new ArrayList<>();
        List<Tensor> fused = new ArrayList<>();
        for (int t = 0; t < frames.size(); t++) {
            int index = t;
            FakeFrameContext.Builder b = FakeFrameContext.builder(frames.get(t))
                    .flow((target, source) -> squareFlow(index));
            if (t > 0) {
                b.previousFrame(frames.get(t - 1));
            }
            FakeFrameContext ctx = b.build();
            Features f = ctx.features(Set.of(Features.LOGITS));
            perFrame.add(f.logits());
            fused.add(fuser.fuse(f, ctx).logits());
        }
        Tensor s0 = perFrame.get(0);
        Tensor s1 = blend(0.6f, perFrame.get(1), 0.4f, s0, squareFlow(1));
        Tensor s2 = blend(0.6f, perFrame.get(2), 0.4f, s1, squareFlow(2));
        assertThat(fused.get(0).toArray()).containsExactly(s0.toArray());
        assertClose(fused.get(1), s1);
        assertClose(fused.get(2), s2);
        // Warped along the square's motion, the memory lands on the square: the fused frame stays close to the
        // per-frame one, closer than a fusion that ignored the motion.
        Tensor unwarped = blend(0.6f, perFrame.get(2), 0.4f, s1, FlowField.zero(W, H));
        assertThat(Tensors.meanAbsoluteDifference(fused.get(2), perFrame.get(2)))
                .isLessThan(Tensors.meanAbsoluteDifference(unwarped, perFrame.get(2)) / 1.5);
    }

    @Test
    void resetForgetsTheSequence() {
        Fuser fuser = fuser("w1 = 0.5, w2 = 0.5");
        List<Frame> frames = TestFrames.movingSquare(3, W, H);
        run(fuser, FakeExtractor.logitsOnly(), frames, SQUARE_FLOW, Features.LOGITS);
        fuser.reset();
        // A frame with a previous frame, but after the reset: nothing to fuse with.
        Run after = run(fuser, FakeExtractor.logitsOnly(), List.of(frames.get(2)), SQUARE_FLOW, Features.LOGITS);
        assertThat(after.fused().get(0).toArray()).containsExactly(after.perFrame().get(0).toArray());
    }

    @Test
    void anIntermediateStageIsFusedAndTheLaterStagesRunOnTheResult() {
        FakeExtractor network = FakeExtractor.builder().stage("stage1", 2, 4).logits(1).build();
        List<Frame> frames = TestFrames.movingSquare(2, W, H);
        Fuser fuser = fuser("stages = [stage1], w1 = 0.5, w2 = 0.5");
        FakeFrameContext first = FakeFrameContext.builder(frames.get(0)).extractor(network).flow(SQUARE_FLOW).build();
        Features f0 = first.features(Set.of("stage1", Features.LOGITS));
        assertThat(fuser.fuse(f0, first).logits().toArray()).containsExactly(f0.logits().toArray());

        FakeFrameContext second = FakeFrameContext.builder(frames.get(1)).extractor(network).flow(SQUARE_FLOW)
                .previousFrame(frames.get(0)).build();
        Features f1 = second.features(Set.of("stage1", Features.LOGITS));
        Features out = fuser.fuse(f1, second);
        Tensor stage1 = blend(0.5f, f1.tensor("stage1"), 0.5f, f0.tensor("stage1"), SQUARE_FLOW);
        assertClose(out.tensor("stage1"), stage1);
        Tensor expected = second.compute(Set.of(Features.LOGITS), Features.of("stage1", stage1, 2)).logits();
        assertClose(out.logits(), expected);
        assertThat(Tensors.meanAbsoluteDifference(out.logits(), f1.logits())).isGreaterThan(1e-4);
    }

    @Test
    void aStageTheFrameLacksIsPassedOverAndItsMemoryDropped() {
        FakeExtractor network = FakeExtractor.builder().stage("stage1", 2, 4).logits(1).build();
        List<Frame> frames = TestFrames.movingSquare(3, W, H);
        Fuser fuser = fuser("stages = [stage1], w1 = 0.5, w2 = 0.5");
        FakeFrameContext c0 = FakeFrameContext.builder(frames.get(0)).extractor(network).flow(SQUARE_FLOW).build();
        fuser.fuse(c0.features(Set.of("stage1", Features.LOGITS)), c0);
        // Frame 1 as a propagator that carried the logits alone gives it: passed through unchanged.
        FakeFrameContext c1 = FakeFrameContext.builder(frames.get(1)).extractor(network).flow(SQUARE_FLOW)
                .previousFrame(frames.get(0)).build();
        Features logitsOnly = c1.features(Set.of(Features.LOGITS));
        assertThat(fuser.fuse(logitsOnly, c1)).isSameAs(logitsOnly);
        // Frame 2 has stage1 again, but no memory of frame 1: it starts anew.
        FakeFrameContext c2 = FakeFrameContext.builder(frames.get(2)).extractor(network).flow(SQUARE_FLOW)
                .previousFrame(frames.get(1)).build();
        Features f2 = c2.features(Set.of("stage1", Features.LOGITS));
        assertThat(fuser.fuse(f2, c2).logits().toArray()).containsExactly(f2.logits().toArray());
    }

    @Test
    void badSettingsAreNamed() {
        assertThat(catchThrowable(() -> fuser("transform = learnt"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("transform:");
        assertThat(catchThrowable(() -> fuser("model = /no/such/folder")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("model:");
        Fuser unknownStage = fuser("stages = [stage9]");
        FakeFrameContext ctx = FakeFrameContext.builder(TestFrames.blank(0, W, H)).build();
        assertThat(catchThrowable(() -> unknownStage.fuse(ctx.features(Set.of(Features.LOGITS)), ctx)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stage9");
    }

    private static void assertClose(Tensor actual, Tensor expected) {
        assertThat(actual.shape()).isEqualTo(expected.shape());
        float[] a = actual.toArray();
        float[] e = expected.toArray();
        for (int i = 0; i < e.length; i++) {
            assertThat(a[i]).as("value %d", i).isCloseTo(e[i], within(1e-5f));
        }
    }
}
