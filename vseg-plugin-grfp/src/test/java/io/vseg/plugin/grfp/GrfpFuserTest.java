package io.vseg.plugin.grfp;

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
import io.vseg.testkit.FakeFrameContext;
import io.vseg.testkit.TestFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class GrfpFuserTest {
    private static final int W = 64;
    private static final int H = 48;
    private static final int SIDE = H / 4;
    private static final int TOP = (H - SIDE) / 2;

    /** Left edge of the square in frame {@code t} of {@link TestFrames#movingSquare}. */
    private static int left(int t) {
        return W / 8 + 2 * t;
    }

    /** The true backward flow of frame {@code t}: the square moves right 2 px a frame over a still background. */
    private static FlowField squareFlow(int t) {
        float[] v = new float[2 * W * H];
        for (int y = TOP; y < TOP + SIDE; y++) {
            for (int x = left(t); x < left(t) + SIDE; x++) {
                v[y * W + x] = -2;
            }
        }
        return FlowField.of(Tensor.wrap(2, H, W, v));
    }

    private static Fuser fuser(String settings) {
        Config config = ConfigFactory.parseString(settings)
                .withFallback(ConfigFactory.defaultReference().getConfig("vseg.components.\"grfp.stgru\""));
        return new GrfpFuser.Factory().create(config, FakeComponentContext.of("vseg.pipeline.fuser"));
    }

    /** Per frame: the per-frame logits and the fused ones. */
    private record Run(List<Tensor> perFrame, List<Tensor> fused) {
    }

    private static Run run(Fuser fuser, List<Frame> frames, IntFunction<FlowField> flow) {
        List<Tensor> perFrame = new ArrayList<>();
        List<Tensor> fused = new ArrayList<>();
        for (int t = 0; t < frames.size(); t++) {
            int index = t;
            FakeFrameContext.Builder b = FakeFrameContext.builder(frames.get(t))
                    .flow((target, source) -> flow.apply(index));
            if (t > 0) {
                b.previousFrame(frames.get(t - 1));
            }
            FakeFrameContext ctx = b.build();
            Features f = ctx.features(Set.of(Features.LOGITS));
            perFrame.add(f.logits());
            fused.add(fuser.fuse(f, ctx).logits());
        }
        return new Run(perFrame, fused);
    }

    /**
     * With the update gate shut (the memory taken) and no learned correction, the output is {@code r * warp(h)}: the
     * gate is 1 where the warped previous frame equals the current one and falls where it does not.
     */
    @Test
    void theGateIsOneWhereTheWarpedPreviousFrameMatchesAndFallsWhereItDoesNot() {
        List<Frame> frames = TestFrames.movingSquare(2, W, H);
        // Zero flow: the background matches, the columns the square moved onto do not.
        Run still = run(fuser("update-bias = -100"), frames, t -> FlowField.zero(W, H));
        float[] x0 = still.perFrame().get(0).toArray();
        float[] out = still.fused().get(1).toArray();
        int plane = W * H;
        int matched = 0;
        int fell = 0;
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int i = c * plane + y * W + x;
                    boolean inSquare = y >= TOP && y < TOP + SIDE;
                    boolean moved = inSquare && x >= left(0) && x < left(1) + SIDE;
                    if (!moved) {
                        assertThat(out[i]).as("static pixel %d, %d", x, y).isCloseTo(x0[i], within(1e-6f));
                        matched++;
                    } else if (x >= left(0) + SIDE && x0[i] > 0.05f) {
                        // Grey under the square's new columns: the gate 1 - tanh(4 * 0.38) = 0.09.
                        assertThat(out[i]).as("covered pixel %d, %d", x, y).isLessThan(0.2f * x0[i]);
                        fell++;
                    }
                }
            }
        }
        assertThat(matched).isGreaterThan(plane);
        assertThat(fell).isPositive();

        // Along the true flow, the square's pixels come from the square: the gate is 1 there too.
        Run moving = run(fuser("update-bias = -100"), frames, GrfpFuserTest::squareFlow);
        float[] warped = Tensors.warp(moving.perFrame().get(0), squareFlow(1), BorderMode.REPLICATE).toArray();
        float[] along = moving.fused().get(1).toArray();
        for (int c = 0; c < 2; c++) {
            for (int y = TOP; y < TOP + SIDE; y++) {
                for (int x = left(1); x < left(1) + SIDE; x++) {
                    int i = c * plane + y * W + x;
                    assertThat(along[i]).as("square pixel %d, %d", x, y).isCloseTo(warped[i], within(1e-6f));
                }
            }
        }
    }

    @Test
    void withTheUpdateGatePassingTheInputTheOutputIsThePerFrameOutput() {
        Run r = run(fuser("update-bias = 100"), TestFrames.movingSquare(4, W, H), GrfpFuserTest::squareFlow);
        for (int t = 0; t < r.fused().size(); t++) {
            assertThat(r.fused().get(t).toArray()).as("frame %d", t).containsExactly(r.perFrame().get(t).toArray());
        }
    }

    @Test
    void theStateIsCarriedAndMixedWithThePerFrameOutput() {
        Run r = run(fuser("update-bias = 0"), TestFrames.movingSquare(3, W, H), GrfpFuserTest::squareFlow);
        assertThat(r.fused().get(0).toArray()).containsExactly(r.perFrame().get(0).toArray());
        // z = 1/2 where the gate is 1: the mean of the per-frame scores and the warped state.
        Tensor expected = Tensors.weightedSum(r.perFrame().get(1), 0.5f,
                Tensors.warp(r.fused().get(0), squareFlow(1), BorderMode.REPLICATE), 0.5f);
        float[] e = expected.toArray();
        float[] a = r.fused().get(1).toArray();
        for (int y = TOP; y < TOP + SIDE; y++) {
            for (int x = left(1); x < left(1) + SIDE; x++) {
                assertThat(a[y * W + x]).isCloseTo(e[y * W + x], within(1e-5f));
            }
        }
        assertThat(Tensors.meanAbsoluteDifference(r.fused().get(2), r.perFrame().get(2))).isGreaterThan(1e-4);
    }

    @Test
    void resetForgetsTheSequence() {
        Fuser fuser = fuser("update-bias = 0");
        List<Frame> frames = TestFrames.movingSquare(3, W, H);
        run(fuser, frames, GrfpFuserTest::squareFlow);
        fuser.reset();
        // A frame with a previous frame, but after the reset: nothing to fuse with.
        FakeFrameContext ctx = FakeFrameContext.builder(frames.get(2)).flow(squareFlow(2))
                .previousFrame(frames.get(1)).build();
        Features f = ctx.features(Set.of(Features.LOGITS));
        assertThat(fuser.fuse(f, ctx).logits().toArray()).containsExactly(f.logits().toArray());
    }

    @Test
    void badSettingsAreNamed() {
        assertThat(catchThrowable(() -> fuser("model = /no/such/folder")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("model:");
        assertThat(catchThrowable(() -> fuser("kernel = 2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("kernel:");
        assertThat(catchThrowable(() -> fuser("threads = 0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("threads:");
    }
}
