package io.vseg.plugin.dff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import io.vseg.api.Features;
import io.vseg.api.KeyState;
import io.vseg.api.tensor.BorderMode;
import io.vseg.api.tensor.FlowField;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import io.vseg.testkit.FakeFrameContext;
import io.vseg.testkit.TestFrames;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowWarpPropagatorTest {
    private static final int W = 64;
    private static final int H = 48;

    /** Smooth two-channel features at stride 4 (a 16x12 grid), varying along x and y. */
    private static Tensor smooth() {
        int w = W / 4;
        int h = H / 4;
        float[] v = new float[2 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                v[y * w + x] = (float) Math.sin(x * 0.4) + y * 0.1f;
                v[w * h + y * w + x] = (float) Math.cos(y * 0.3) - x * 0.05f;
            }
        }
        return Tensor.wrap(2, h, w, v);
    }

    private static KeyState key(Tensor logits) {
        return new KeyState(TestFrames.blank(0, W, H), Features.of(Features.LOGITS, logits, 4));
    }

    @Test
    void zeroMotionReturnsTheKeyFeaturesUnchanged() {
        Tensor logits = smooth();
        FlowWarpPropagator p = new FlowWarpPropagator(List.of(Features.LOGITS), BorderMode.REPLICATE, "");
        FakeFrameContext ctx = FakeFrameContext.builder(TestFrames.blank(1, W, H)).key(key(logits))
                .flow(FlowField.zero(W, H)).build();
        Features out = p.propagate(ctx.key().orElseThrow(), ctx);
        assertThat(out.logits()).isEqualTo(logits);
        assertThat(out.stage(Features.LOGITS).stride()).isEqualTo(4.0);
        assertThat(ctx.flowRequests()).isEqualTo(1);
        assertThat(ctx.extractions()).as("warping logits runs no network").isEmpty();
    }

    @Test
    void aTranslationOfTheFrameTranslatesTheFeaturesOnTheirGrid() {
        Tensor logits = smooth();
        // The current frame is the key frame moved 8 px left and 4 px up: content at p came from p + (8, 4).
        FlowField flow = FlowField.constant(W, H, 8, 4);
        FlowWarpPropagator p = new FlowWarpPropagator(List.of(Features.LOGITS), BorderMode.REPLICATE, "");
        FakeFrameContext ctx = FakeFrameContext.builder(TestFrames.blank(1, W, H)).key(key(logits)).flow(flow).build();
        Tensor out = p.propagate(ctx.key().orElseThrow(), ctx).logits();
        // At stride 4 that is (2, 1) cells.
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 12 - 1; y++) {
                for (int x = 0; x < 16 - 2; x++) {
                    assertThat(out.get(c, y, x)).isCloseTo(logits.get(c, y + 1, x + 2), within(1e-5f));
                }
            }
        }
    }

    @Test
    void warpedIntermediateStagesFeedTheTaskLayers() {
        Tensor stage1 = smooth();
        KeyState key = new KeyState(TestFrames.blank(0, W, H), Features.of("stage1", stage1, 4));
        // The "task layer": logits = 2 * stage1, computed from the inputs it is given.
        FakeFrameContext ctx = FakeFrameContext.builder(TestFrames.blank(1, W, H)).key(key).flow(FlowField.zero(W, H))
                .stages("stage1", Features.LOGITS).network((image, stages, inputs) -> {
                    assertThat(stages).isEqualTo(Set.of(Features.LOGITS));
                    Tensor in = inputs.tensor("stage1");
                    float[] v = in.toArray();
                    for (int i = 0; i < v.length; i++) {
                        v[i] *= 2;
                    }
                    return Features.of(Features.LOGITS, Tensor.wrap(in.channels(), in.height(), in.width(), v), 4);
                }).build();
        Features out = new FlowWarpPropagator(List.of("stage1"), BorderMode.REPLICATE, "").propagate(key, ctx);
        assertThat(out.names()).containsExactly("stage1", Features.LOGITS);
        assertThat(out.logits().get(1, 3, 5)).isEqualTo(2 * stage1.get(1, 3, 5));
        assertThat(ctx.extractions()).containsExactly(Set.of(Features.LOGITS));
    }

    @Test
    void theScaleFieldMultipliesTheWarpedFeatures() {
        Tensor logits = smooth();
        float[] half = new float[12 * 16];
        java.util.Arrays.fill(half, 0.5f);
        KeyState key = new KeyState(TestFrames.blank(0, W, H), Features.of(Features.LOGITS, logits, 4)
                .with("scale", Tensor.wrap(1, 12, 16, half), 4));
        FakeFrameContext ctx = FakeFrameContext.builder(TestFrames.blank(1, W, H)).key(key).flow(FlowField.zero(W, H))
                .build();
        Tensor out = new FlowWarpPropagator(List.of(Features.LOGITS), BorderMode.ZERO, "scale").propagate(key, ctx).logits();
        assertThat(out.get(0, 2, 3)).isCloseTo(0.5f * logits.get(0, 2, 3), within(1e-6f));
    }

    @Test
    void aCoarserGridWarpsTheKeysLogitsShrunkOncePerKey() {
        Tensor logits = smooth();
        FlowWarpPropagator p = new FlowWarpPropagator(List.of(Features.LOGITS), BorderMode.REPLICATE, "", 2);
        KeyState key = key(logits);
        FakeFrameContext ctx = FakeFrameContext.builder(TestFrames.blank(1, W, H)).key(key)
                .flow(FlowField.zero(W, H)).build();
        Features out = p.propagate(key, ctx);
        assertThat(List.of(out.logits().channels(), out.logits().height(), out.logits().width())).containsExactly(2, 6, 8);
        assertThat(out.stage(Features.LOGITS).stride()).isEqualTo(8.0);
        // Without motion, the shrunk logits themselves; the same tensor again for the next frame of this key.
        assertThat(out.logits()).isEqualTo(Tensors.resize(logits, 6, 8));
        assertThat(p.propagate(key, ctx).logits()).isEqualTo(out.logits());
        assertThat(catchThrowable(() -> new FlowWarpPropagator(List.of("stage3"),
                BorderMode.REPLICATE, "", 2))).hasMessageStartingWith("downscale:");
    }
}
