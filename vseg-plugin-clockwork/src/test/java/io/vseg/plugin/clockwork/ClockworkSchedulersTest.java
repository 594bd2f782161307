package io.vseg.plugin.clockwork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.Plan;
import io.vseg.api.spi.Scheduler;
import io.vseg.testkit.FakeExtractor;
import io.vseg.testkit.FakeFrameContext;
import io.vseg.testkit.TestFrames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClockworkSchedulersTest {

    /**
     * A staged network [stage1, stage2, scores2, stage3, logits], two channels each at stride 1: each stage scores
     * person (channel 1) where the frame's red channel is bright, background (channel 0) elsewhere.
     */
    private static FakeExtractor network() {
        return FakeExtractor.builder().stage("stage1", 1, 2).stage("stage2", 1, 2).stage("scores2", 1, 2)
                .stage("stage3", 1, 2).build();
    }

    /** A 4x4 frame, red = 255 in the left {@code brightColumns} columns. */
    private static Frame frame(int index, int brightColumns) {
        return TestFrames.painted(index, 4, 4, (x, y) -> x < brightColumns ? 0xFF0000 : 0);
    }

    /** A frame's context; the clocks need no optical flow, so asking for it fails the test. */
    private static FakeFrameContext context(Frame frame) {
        return FakeFrameContext.builder(frame).extractor(network()).flow((target, source) -> {
            throw new UnsupportedOperationException("a Clockwork scheduler needs no flow");
        }).build();
    }

    private static List<String> labels(Scheduler s, int[] brightColumns) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < brightColumns.length; i++) {
            out.add(s.plan(context(frame(i, brightColumns[i]))).label());
        }
        return out;
    }

    @Test
    void fixedPeriodsGiveTheExpectedStageSets() {
        Map<String, Integer> periods = new LinkedHashMap<>();
        periods.put("stage2", 1);
        periods.put("stage3", 2);
        FixedClockScheduler s = new FixedClockScheduler(periods);
        assertThat(labels(s, new int[6])).containsExactly("key",
                "key:logits+scores2+stage1+stage2", "key",
                "key:logits+scores2+stage1+stage2", "key",
                "key:logits+scores2+stage1+stage2");
        s.reset();
        assertThat(labels(s, new int[1])).containsExactly("key");
    }

    @Test
    void fixedPeriodsOfUnknownStagesAreNamed() {
        FixedClockScheduler s = new FixedClockScheduler(Map.of("stage9", 2));
        assertThatThrownBy(() -> s.plan(context(frame(0, 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("periods: ")
                .hasMessageContaining("stage9");
    }

    @Test
    void adaptiveNeverRefreshesAStaticClipAfterTheFirstFrame() {
        AdaptiveClockScheduler s = new AdaptiveClockScheduler("scores2", 0.1, Set.of("stage3"));
        List<String> plans = labels(s, new int[] {2, 2, 2, 2, 2, 2});
        assertThat(plans.get(0)).isEqualTo("key");
        assertThat(plans.subList(1, 6)).allMatch(l -> l.equals("key:logits+scores2+stage1+stage2"));
        assertThat(s.refreshes()).isEqualTo(1);
        assertThat(s.lastChange()).isZero();
    }

    @Test
    void adaptiveRefreshesAtACutAtOnce() {
        AdaptiveClockScheduler s = new AdaptiveClockScheduler("scores2", 0.1, Set.of("stage3"));
        // columns 0-1 bright, then a cut to all bright: half the pixels change label
        assertThat(labels(s, new int[] {2, 2, 4, 4})).containsExactly("key",
                "key:logits+scores2+stage1+stage2", "key", "key:logits+scores2+stage1+stage2");
        assertThat(s.refreshes()).isEqualTo(2);
    }

    @Test
    void adaptiveComputesTheShallowStagesOnceForTheKeyToReuse() {
        AdaptiveClockScheduler s = new AdaptiveClockScheduler("scores2", 0.1, Set.of("stage3"));
        FakeFrameContext ctx = context(frame(0, 1));
        s.plan(ctx);
        assertThat(ctx.featureRequests()).containsExactly(Set.of("stage1", "stage2", "scores2"));
        assertThat(ctx.extractions()).containsExactly(Set.of("stage1", "stage2", "scores2"));
    }

    @Test
    void adaptiveOnAOneGraphModelPropagatesBetweenRefreshes() {
        AdaptiveClockScheduler s = new AdaptiveClockScheduler("scores2", 0.25, Set.of());
        // a quarter of the pixels change at frame 2 (one column of four): at the threshold, refresh
        assertThat(labels(s, new int[] {1, 1, 2, 2})).containsExactly("key", "propagate", "key", "propagate");
    }

    @Test
    void pipelinedDefersTheDeepStagesAfterTheFirstFrame() {
        PipelinedScheduler s = new PipelinedScheduler(Set.of("stage3"));
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            plans.add(s.plan(context(frame(i, 1))));
        }
        assertThat(plans.get(0)).isEqualTo(Plan.fullKey());
        Plan.Key k = (Plan.Key) plans.get(1);
        assertThat(k.deferred()).containsExactly("stage3");
        assertThat(k.stages()).containsExactlyInAnyOrder("stage1", "stage2", "scores2", Features.LOGITS);
        assertThat(plans.get(2)).isEqualTo(k);
    }
}
