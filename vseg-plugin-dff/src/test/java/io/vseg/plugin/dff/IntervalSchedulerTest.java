package io.vseg.plugin.dff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vseg.api.Plan;
import io.vseg.testkit.FakeFrameContext;
import io.vseg.testkit.TestFrames;
import org.junit.jupiter.api.Test;

class IntervalSchedulerTest {

    private static String plans(IntervalScheduler s, int frames) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < frames; i++) {
            Plan p = s.plan(FakeFrameContext.of(TestFrames.blank(i, 4, 4)));
            sb.append(sb.length() > 0 ? " " : "").append(p instanceof Plan.Key k && k.isFull() ? "K" : "P");
        }
        return sb.toString();
    }

    @Test
    void aKeyFrameEveryIntervalFramesFromTheFirst() {
        assertThat(plans(new IntervalScheduler(5), 12)).isEqualTo("K P P P P K P P P P K P");
        assertThat(plans(new IntervalScheduler(1), 3)).isEqualTo("K K K");
    }

    @Test
    void resetStartsANewSequenceWithAKeyFrame() {
        IntervalScheduler s = new IntervalScheduler(3);
        plans(s, 2);
        s.reset();
        assertThat(plans(s, 4)).isEqualTo("K P P K");
    }

    @Test
    void aNonPositiveIntervalIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> new IntervalScheduler(0)).hasMessageStartingWith("interval:");
    }
}
