package io.vseg.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vseg.api.tensor.FlowField;
import io.vseg.api.tensor.Tensor;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SequenceIouTest {
    @Test
    void theMeanIsOverTheClassesPresentAndAVoidTargetIsLeftOut() {
        SequenceIou iou = new SequenceIou(3);
        // class 0: inter 2, union 4; class 1: inter 1, union 3; class 2 never present; the 255 pixel is void
        iou.add(new int[] {0, 0, 1, 0, 1, 1}, new int[] {0, 0, 1, 1, 0, 255});
        assertThat(iou.mean()).isCloseTo((2.0 / 4 + 1.0 / 3) / 2, within(1e-12));
    }

    @Test
    void aFusedSequenceIsScoredFromThePerFrameFirstFrameAndTheFusedRest() {
        // Two-class scores on a 1x2 grid: frame 0 says (1, 0), frame 1 says (0, 0); the ground truth of both is (1, 1).
        Tensor first = Tensor.wrap(2, 1, 2, new float[] {0, 1, 1, 0});
        Tensor second = Tensor.wrap(2, 1, 2, new float[] {1, 1, 0, 0});
        FrameSequences.Sequence s = new FrameSequences.Sequence("s", List.of(
                new FrameSequences.Step(first, Tensor.zeros(3, 1, 2), FlowField.zero(2, 1), Optional.of(new int[] {1, 1})),
                new FrameSequences.Step(second, Tensor.zeros(3, 1, 2), FlowField.zero(2, 1), Optional.of(new int[] {1, 1}))));
        assertThat(second.get(0, 0, 0)).isEqualTo(1f);
        SequenceIou fused = new SequenceIou(2);
        fused.addFused(s, new int[] {1, 1}, true);          // frame 1 fused to (1, 1): 3 of 4 person pixels right
        assertThat(fused.mean()).isCloseTo((0.0 / 1 + 3.0 / 4) / 2, within(1e-12));
        // Per frame: (1, 0) and (0, 0) against (1, 1) and (1, 1); against their own labels, 1.
        assertThat(SequenceIou.perFrame(List.of(s), true)).isCloseTo((0.0 / 3 + 1.0 / 4) / 2, within(1e-12));
        assertThat(SequenceIou.perFrame(List.of(s), false)).isEqualTo(1.0);
    }
}
