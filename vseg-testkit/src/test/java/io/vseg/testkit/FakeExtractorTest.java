package io.vseg.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.spi.Capabilities;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FakeExtractorTest {
    /** Left half red, right half green, 8x4. */
    private static final Frame HALVES = TestFrames.painted(0, 8, 4, (x, y) -> x < 4 ? 0xFF0000 : 0x00FF00);

    @Test
    void logitsSayPersonWhereTheFrameIsRed() {
        Features f = FakeExtractor.logitsOnly().extract(HALVES.image(), Set.of(Features.LOGITS), Features.empty());
        int[] labels = Tensors.argmax(f.logits());
        assertThat(labels).containsExactly(1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0,
                1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0);
        assertThat(f.stage(Features.LOGITS).stride()).isEqualTo(1.0);
    }

    @Test
    void theFirstStageAveragesColourFeaturesOverEachCell() {
        FakeExtractor e = FakeExtractor.builder().stage("stage1", 4, 5).build();
        Tensor t = e.extract(HALVES.image(), Set.of("stage1"), Features.empty()).tensor("stage1");
        assertThat(t.shape()).isEqualTo("[5, 1, 2]");
        // channels: 1 - red, red, green, blue, then 1 - red again
        assertThat(t.toArray()).containsExactly(0, 1, 1, 0, 0, 1, 0, 0, 0, 1);
        // A cell straddling both halves holds their mean.
        Tensor coarse = FakeExtractor.builder().stage("s", 8).build()
                .extract(HALVES.image(), Set.of("s"), Features.empty()).tensor("s");
        assertThat(coarse.get(1, 0, 0)).isCloseTo(0.5f, within(1e-6f));
    }

    @Test
    void laterStagesFollowTheirInputsAndAreCountedWhereComputed() {
        FakeExtractor e = FakeExtractor.builder().stage("stage1", 2).stage("stage2", 4).logits(4).build();
        Features fresh = e.extract(HALVES.image(), Set.of(Features.LOGITS), Features.empty());
        assertThat(fresh.names()).containsExactly(Features.LOGITS);
        assertThat(e.computed("stage1")).isOne();
        assertThat(e.computed("stage2")).isOne();
        assertThat(e.calls(Features.LOGITS)).isOne();
        assertThat(e.calls("stage1")).isZero();

        Features fromZeros = e.extract(HALVES.image(), Set.of(Features.LOGITS),
                Features.of("stage2", Tensor.zeros(4, 1, 2), 4));
        assertThat(fromZeros.logits().toArray()).containsOnly(0f);
        assertThat(e.computed("stage2")).isOne();
        // A requested stage is computed fresh even when given.
        Features again = e.extract(HALVES.image(), Set.of("stage2", Features.LOGITS),
                Features.of("stage2", Tensor.zeros(4, 1, 2), 4));
        assertThat(again).isEqualTo(fresh.withAll(again.only(Set.of("stage2"))));
        assertThat(e.computed("stage2")).isEqualTo(2);
        assertThat(e.calls()).isEqualTo(3);
        assertThat(e.requests()).containsExactly(Set.of(Features.LOGITS), Set.of(Features.LOGITS),
                Set.of("stage2", Features.LOGITS));
    }

    @Test
    void aFixedInputSizeStretchesTheFrameAndSetsTheGrids() {
        FakeExtractor e = FakeExtractor.builder().inputSize(16, 16).stage("stage1", 4).logits(8).build();
        Capabilities caps = e.capabilities();
        assertThat(caps.fixedInput()).isTrue();
        assertThat(caps.stage("stage1").stride()).isEqualTo(4.0);
        assertThat(caps.stage(Features.LOGITS).channels()).isEqualTo(2);
        Features f = e.extract(HALVES.image(), Set.of("stage1", Features.LOGITS), Features.empty());
        assertThat(f.tensor("stage1").shape()).isEqualTo("[4, 4, 4]");
        assertThat(f.stage("stage1").stride()).isEqualTo(2.0); // frame pixels per cell: 8 wide over 4 cells
        assertThat(Tensors.argmax(f.logits())).containsExactly(1, 0, 1, 0);
    }

    @Test
    void unknownOrNoStagesAreRejectedNamingTheStages() {
        FakeExtractor e = FakeExtractor.logitsOnly();
        assertThatThrownBy(() -> e.extract(HALVES.image(), Set.of("stage9"), Features.empty()))
                .hasMessageContaining("no stage 'stage9'").hasMessageContaining("[logits]");
        assertThatThrownBy(() -> e.extract(HALVES.image(), Set.of(), Features.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FakeExtractor.builder().stage(Features.LOGITS, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(e.calls()).isZero();
    }
}
