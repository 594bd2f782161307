package io.vseg.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vseg.api.Features;
import io.vseg.api.FrameContext;
import io.vseg.api.FrameResult;
import io.vseg.api.ObjectMasks;
import io.vseg.api.Plan;
import io.vseg.api.SequenceInputs;
import io.vseg.api.StageOrigin;
import io.vseg.api.spi.Fuser;
import io.vseg.api.tensor.Tensor;
import io.vseg.runtime.component.CopyPropagator;
import io.vseg.runtime.pipeline.PipelineTest.CountingFlow;
import io.vseg.runtime.pipeline.PipelineTest.RedExtractor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What API 1.0 lets components see and do in the frame loop: plan, stage origins, compute, sequence inputs. */
class PipelineContextTest {

    private static Pipeline pipeline(RedExtractor extractor, Fuser fuser, OutputClasses output) {
        return new Pipeline(extractor, new CountingFlow(),
                PipelineTest.scripted(ctx -> ctx.frame().index() == 0 ? Plan.fullKey() : Plan.propagate()),
                new CopyPropagator(), fuser, Map.of("fuser", "test.fuser"), Map.of("fuser", "test.module"), output,
                RedExtractor::new, false);
    }

    @Test
    void aFuserRunsTheHeadOnFusedStagesAndGetsWhatTheMemoWouldNotGive() {
        RedExtractor ex = new RedExtractor();
        List<Features> memoized = new ArrayList<>();
        Fuser invertStage1 = (features, ctx) -> {
            Tensor s1 = ctx.features(Set.of("stage1")).tensor("stage1");
            float[] inverted = s1.toArray();
            for (int i = 0; i < inverted.length; i++) {
                inverted[i] = 1 - inverted[i];
            }
            Features fused = Features.of("stage1", Tensor.wrap(1, s1.height(), s1.width(), inverted), 1);
            memoized.add(ctx.features(Set.of(Features.LOGITS), fused));
            return ctx.compute(Set.of(Features.LOGITS), fused);
        };
        FrameResult r = pipeline(ex, invertStage1, OutputClasses.EXTRACTOR).process(PipelineTest.frame(0, 8, 6, 255));

        // The memo hands back the frame's own logits (person everywhere); compute ran the head on the fused stage.
        assertThat(memoized.get(0).logits().get(1, 0, 0)).isEqualTo(1f);
        assertThat(r.segmentation().count(1)).isZero();
        assertThat(ex.computed).containsExactly("stage1", "logits", "logits");
    }

    @Test
    void theFuserSeesThePlanAndWhereEachStageCameFrom() {
        List<String> seen = new ArrayList<>();
        Fuser record = (features, ctx) -> {
            seen.add(ctx.plan().map(Plan::label).orElse("none") + " stage1=" + ctx.origin("stage1").orElse(null)
                    + " logits=" + ctx.origin(Features.LOGITS).orElse(null));
            return features;
        };
        Pipeline p = pipeline(new RedExtractor(), record, OutputClasses.EXTRACTOR);
        p.process(PipelineTest.frame(0, 8, 6, 255));
        p.process(PipelineTest.frame(1, 8, 6, 0));

        assertThat(seen).containsExactly("key stage1=FRESH logits=FRESH",
                "propagate stage1=" + StageOrigin.PROPAGATED + " logits=" + StageOrigin.PROPAGATED);
    }

    @Test
    void aSequenceWithThreeObjectsReachesTheFuserAndTheLabelsAreThoseObjects() {
        int w = 6;
        int h = 2;
        int[] ids = {0, 2, 2, 5, 5, 9, 0, 0, 255, 9, 9, 9};
        ObjectMasks masks = ObjectMasks.of(0, w, h, ids);
        List<List<Integer>> objectsSeen = new ArrayList<>();
        // A fuser that labels every pixel with the first frame's object there (what a VOS head would predict).
        Fuser firstMask = (features, ctx) -> {
            ObjectMasks m = ctx.inputs().masks().orElseThrow();
            objectsSeen.add(m.objects());
            int classes = ctx.outputClasses().size();
            float[] scores = new float[classes * w * h];
            for (int p = 0; p < w * h; p++) {
                int id = m.ids()[p];
                int label = id == 0 || id == ObjectMasks.VOID ? 0 : m.objects().indexOf(id) + 1;
                scores[label * w * h + p] = 1;
            }
            return features.with(Features.LOGITS, Tensor.wrap(classes, h, w, scores), 1);
        };
        Pipeline p = pipeline(new RedExtractor(), firstMask, OutputClasses.OBJECTS);
        p.reset(SequenceInputs.of("three", masks));

        FrameResult r = p.process(PipelineTest.frame(0, w, h, 255));

        assertThat(objectsSeen).containsExactly(List.of(2, 5, 9));
        assertThat(r.segmentation().classes().names()).containsExactly("background", "object 2", "object 5", "object 9");
        assertThat(r.segmentation().labels()).containsExactly(0, 1, 1, 2, 2, 3, 0, 0, 0, 3, 3, 3);
        assertThat(p.outputClasses()).isEqualTo(masks.classes());
    }

    @Test
    void objectOutputWithoutMasksIsAnErrorNamingTheSetting() {
        Pipeline p = pipeline(new RedExtractor(), (f, ctx) -> f, OutputClasses.OBJECTS);
        assertThatThrownBy(() -> p.reset(new SequenceInputs("bare", Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vseg.output.classes = objects")
                .hasMessageContaining("bare");
    }

    @Test
    void aFailingComponentIsNamedWithItsModuleAndTheExceptionType() {
        Fuser boom = (features, ctx) -> {
            throw new IllegalStateException("boom");
        };
        Pipeline p = pipeline(new RedExtractor(), boom, OutputClasses.EXTRACTOR);
        assertThatThrownBy(() -> p.process(PipelineTest.frame(0, 4, 4, 0)))
                .isInstanceOf(FrameException.class)
                .hasMessage("frame 0: fuser test.fuser (module test.module): IllegalStateException: boom");
    }

    @Test
    void aFuserWhoseLogitsDoNotMatchTheOutputClassesIsAnError() {
        Fuser oneChannel = (features, ctx) -> features.with(Features.LOGITS, Tensor.zeros(1, 4, 4), 1);
        Pipeline p = pipeline(new RedExtractor(), oneChannel, OutputClasses.EXTRACTOR);
        assertThatThrownBy(() -> p.process(PipelineTest.frame(0, 4, 4, 0)))
                .hasMessageContaining("frame 0").hasMessageContaining("1 channels").hasMessageContaining("2 classes");
    }
}
