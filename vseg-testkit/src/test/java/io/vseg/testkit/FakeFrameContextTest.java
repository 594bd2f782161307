package io.vseg.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.ObjectMasks;
import io.vseg.api.Plan;
import io.vseg.api.SequenceInputs;
import io.vseg.api.StageOrigin;
import io.vseg.api.tensor.FlowField;
import io.vseg.api.tensor.Tensor;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FakeFrameContextTest {
    private static final Frame RED = TestFrames.painted(1, 8, 4, (x, y) -> 0xFF0000);

    private static FakeExtractor staged() {
        return FakeExtractor.builder().stage("stage1", 2).stage("stage2", 4).build();
    }

    @Test
    void featuresAreComputedOncePerFrameAndShared() {
        FakeExtractor extractor = staged();
        FakeFrameContext ctx = FakeFrameContext.builder(RED).extractor(extractor).build();
        Features first = ctx.features(Set.of("stage1", "stage2"));
        Features again = ctx.features(Set.of("stage2", "stage1"));
        Features part = ctx.features(Set.of("stage2"));
        assertThat(again).isEqualTo(first);
        assertThat(part.names()).containsExactly("stage2");
        assertThat(extractor.calls()).isOne();
        assertThat(ctx.extractions()).containsExactly(Set.of("stage1", "stage2"));
        assertThat(ctx.featureRequests()).hasSize(3);
        assertThat(ctx.booked()).containsExactly("extract");
    }

    @Test
    void onlyMissingStagesAreComputedFromTheInputsAndWhatIsMemoized() {
        FakeExtractor extractor = staged();
        FakeFrameContext ctx = FakeFrameContext.builder(RED).extractor(extractor).build();
        Features stage1 = ctx.features(Set.of("stage1"));
        // Inputs given to a later request: a "warped" stage2 of zeros, from which logits must follow.
        Tensor zeros = Tensor.zeros(4, 1, 2);
        Features out = ctx.features(Set.of("stage1", Features.LOGITS), Features.of("stage2", zeros, 4));
        assertThat(ctx.extractions()).containsExactly(Set.of("stage1"), Set.of(Features.LOGITS));
        assertThat(out.tensor("stage1")).isEqualTo(stage1.tensor("stage1"));
        assertThat(out.logits().toArray()).containsOnly(0f);
        assertThat(extractor.computed("stage2")).isZero();
        // What was computed is memoized, inputs are not: stage2 is computed fresh when asked for.
        assertThat(ctx.computed().names()).containsExactlyInAnyOrder("stage1", Features.LOGITS);
        assertThat(ctx.features(Set.of("stage2")).tensor("stage2").toArray()).contains(1f);
    }

    @Test
    void computeNeitherReadsNorWritesTheMemo() {
        FakeExtractor extractor = staged();
        FakeFrameContext ctx = FakeFrameContext.builder(RED).extractor(extractor).build();
        Features memoized = ctx.features(Set.of(Features.LOGITS));
        Features head = ctx.compute(Set.of(Features.LOGITS), Features.of("stage2", Tensor.zeros(4, 1, 2), 4));
        assertThat(head.names()).containsExactly(Features.LOGITS);
        assertThat(head.logits()).isNotEqualTo(memoized.logits());
        assertThat(ctx.features(Set.of(Features.LOGITS))).isEqualTo(memoized);
        Features freshStage1 = ctx.compute(Set.of("stage1"), Features.empty());
        assertThat(ctx.computed().has("stage1")).isFalse();
        assertThat(ctx.features(Set.of("stage1"))).isEqualTo(freshStage1);
        assertThat(extractor.calls()).isEqualTo(4);
        assertThat(ctx.booked()).containsOnly("extract").hasSize(4);
    }

    @Test
    void stagesGivenAsComputedAreNotComputedAgain() {
        FakeExtractor extractor = staged();
        Features given = Features.of("stage1", Tensor.zeros(4, 2, 4), 2);
        FakeFrameContext ctx = FakeFrameContext.builder(RED).extractor(extractor).computed(given).build();
        assertThat(ctx.features(Set.of("stage1"))).isEqualTo(given);
        assertThat(extractor.calls()).isZero();
    }

    @Test
    void aNetworkFunctionRunsInsteadOfAnExtractorAndMustReturnWhatIsAsked() {
        FakeFrameContext ctx = FakeFrameContext.builder(RED).stages("stage1", Features.LOGITS)
                .network((image, stages, inputs) -> Features.of("stage1", Tensor.zeros(1, 1, 1), 8)).build();
        assertThat(ctx.features(Set.of("stage1")).names()).containsExactly("stage1");
        assertThatThrownBy(() -> ctx.features(Set.of(Features.LOGITS))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[stage1]");
        assertThatThrownBy(() -> ctx.features(Set.of("stage9"))).hasMessageContaining("no stage 'stage9'");
        assertThat(ctx.classes()).isEqualTo(ClassSet.of("background", "person"));
    }

    @Test
    void flowIsMemoizedPerPairOfFramesAndCounted() {
        Frame key = TestFrames.blank(0, 8, 4);
        Frame other = TestFrames.blank(5, 8, 4);
        FakeFrameContext ctx = FakeFrameContext.builder(RED)
                .flow((t, s) -> FlowField.constant(t.width(), t.height(), s.index(), 0)).build();
        FlowField a = ctx.flow(RED, key);
        assertThat(ctx.flow(RED, key)).isSameAs(a);
        assertThat(ctx.flow(RED, other).dx(0, 0)).isEqualTo(5f);
        assertThat(ctx.flowRequests()).isEqualTo(3);
        assertThat(ctx.flowComputations()).isEqualTo(2);
        assertThat(ctx.booked()).containsExactly("flow", "flow");
    }

    @Test
    void theDefaultFlowIsZeroOnTheTargetsGrid() {
        FlowField f = FakeFrameContext.of(RED).flow(RED, TestFrames.blank(0, 8, 4));
        assertThat(f.width()).isEqualTo(8);
        assertThat(f.height()).isEqualTo(4);
        assertThat(f.meanMagnitude()).isZero();
    }

    @Test
    void timeRunsTheWorkAndRecordsWhereItWasBookedNestedCallsIncluded() {
        FakeFrameContext ctx = FakeFrameContext.of(RED);
        int answer = ctx.time("propagate", () -> {
            ctx.flow(RED, TestFrames.blank(0, 8, 4));
            return ctx.time("warp", () -> 42);
        });
        assertThat(answer).isEqualTo(42);
        assertThat(ctx.booked()).containsExactly("propagate", "flow", "warp");
    }

    @Test
    void whatTheTestSetsIsWhatTheComponentSees() {
        Frame key = TestFrames.blank(0, 8, 4);
        Frame previous = TestFrames.blank(0, 8, 4);
        ObjectMasks masks = ObjectMasks.of(0, 8, 4, new int[32]);
        SequenceInputs inputs = SequenceInputs.of("seq", masks);
        ClassSet objects = ClassSet.of("background", "object 1");
        FakeFrameContext ctx = FakeFrameContext.builder(RED).key(key, Features.empty()).previousFrame(previous)
                .plan(Plan.propagate()).origin("stage1", StageOrigin.PROPAGATED).inputs(inputs)
                .extractor(staged()).outputClasses(objects).build();
        assertThat(ctx.frame()).isSameAs(RED);
        assertThat(ctx.key().orElseThrow().frame()).isSameAs(key);
        assertThat(ctx.previousFrame()).containsSame(previous);
        assertThat(ctx.previous()).isEmpty();
        assertThat(ctx.plan()).contains(Plan.propagate());
        assertThat(ctx.origin("stage1")).contains(StageOrigin.PROPAGATED);
        assertThat(ctx.origin(Features.LOGITS)).isEmpty();
        assertThat(ctx.inputs()).isSameAs(inputs);
        assertThat(ctx.stages()).containsExactly("stage1", "stage2", Features.LOGITS);
        assertThat(ctx.capabilities().stage("stage2").stride()).isEqualTo(4.0);
        assertThat(ctx.classes()).isEqualTo(ClassSet.of("background", "person"));
        assertThat(ctx.outputClasses()).isEqualTo(objects);
    }

    @Test
    void theDefaultsAreAFirstFrameOfALogitsOnlyNetwork() {
        FakeFrameContext ctx = FakeFrameContext.of(RED);
        assertThat(ctx.key()).isEmpty();
        assertThat(ctx.previous()).isEmpty();
        assertThat(ctx.previousFrame()).isEmpty();
        assertThat(ctx.plan()).isEmpty();
        assertThat(ctx.inputs()).isEqualTo(SequenceInputs.none());
        assertThat(ctx.stages()).isEqualTo(List.of(Features.LOGITS));
        assertThat(ctx.outputClasses()).isEqualTo(ctx.classes());
        assertThat(ctx.origin(Features.LOGITS)).isEqualTo(Optional.empty());
    }
}
