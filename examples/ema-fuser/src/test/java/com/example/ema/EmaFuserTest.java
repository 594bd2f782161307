package com.example.ema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import io.vseg.testkit.FakeExtractor;
import io.vseg.testkit.FakeFrameContext;
import io.vseg.testkit.TestFrames;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmaFuserTest {
    private final FakeExtractor network = FakeExtractor.logitsOnly();
    private final List<Frame> frames = TestFrames.movingSquare(2, 32, 24);

    private Features fuse(EmaPlugin.EmaFuser fuser, int index) {
        FakeFrameContext.Builder ctx = FakeFrameContext.builder(frames.get(index)).extractor(network);
        if (index > 0) {
            ctx.previousFrame(frames.get(index - 1));
        }
        FakeFrameContext context = ctx.build();
        return fuser.fuse(context.features(Set.of(Features.LOGITS)), context);
    }

    @Test
    void withAlphaOneTheScoresAreTheFramesOwn() {
        EmaPlugin.EmaFuser fuser = new EmaPlugin.EmaFuser(1f);
        fuse(fuser, 0);
        Tensor fused = fuse(fuser, 1).logits();
        FakeFrameContext own = FakeFrameContext.builder(frames.get(1)).extractor(network).build();
        Tensor expected = Tensors.softmax(own.features(Set.of(Features.LOGITS)).logits());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.toArray()[i], fused.toArray()[i], 1e-6);
        }
    }

    @Test
    void belowOneThePreviousAverageLingersAndResetForgetsIt() {
        EmaPlugin.EmaFuser fuser = new EmaPlugin.EmaFuser(0.5f);
        fuse(fuser, 0);
        Tensor averaged = fuse(fuser, 1).logits();
        fuser.reset();
        Tensor fresh = fuse(fuser, 1).logits();
        assertFalse(Arrays.equals(averaged.toArray(), fresh.toArray()), "the average equals the frame's own scores");
        EmaPlugin.EmaFuser other = new EmaPlugin.EmaFuser(0.5f);
        float[] first = fuse(other, 1).logits().toArray();
        float[] again = fresh.toArray();
        for (int i = 0; i < first.length; i++) {
            assertEquals(first[i], again[i], 0f);
        }
    }
}
