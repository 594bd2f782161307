package io.vseg.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.Segmentation;
import io.vseg.api.spi.TrainingContext;
import io.vseg.api.tensor.FlowField;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeTrainingContextTest {

    @Test
    void clipsWindowsAndAnnotationsComeFromTheGivenFrames(@TempDir Path dir) {
        List<Frame> frames = TestFrames.movingSquare(5, 16, 8);
        Segmentation label = new Segmentation(16, 8, new int[16 * 8], null, ClassSet.of("background", "person"));
        FakeTrainingContext ctx = FakeTrainingContext.builder()
                .clip(FakeTrainingClip.annotated("a", frames, Arrays.asList(label, null, null, null, null)))
                .clip("b", frames.subList(0, 2)).output(dir).build();
        assertThat(ctx.clips()).extracting(c -> c.name()).containsExactly("a", "b");
        assertThat(ctx.clips().get(0).annotation(0)).containsSame(label);
        assertThat(ctx.clips().get(0).annotation(1)).isEmpty();
        List<TrainingContext.Window> windows = ctx.windows(3, 2);
        assertThat(windows).extracting(TrainingContext.Window::start).containsExactly(0, 2);
        assertThat(windows.get(1).frames()).containsExactlyElementsOf(frames.subList(2, 5));
        assertThat(ctx.output()).isEqualTo(dir);
    }

    @Test
    void theModelRunsThroughTheExtractorAndIsCounted() {
        FakeExtractor extractor = FakeExtractor.builder().stage("stage1", 2).build();
        FakeTrainingContext ctx = FakeTrainingContext.builder().extractor(extractor).build();
        Frame f = TestFrames.movingSquare(1, 16, 8).getFirst();
        assertThat(ctx.predict(f.image()).names()).containsExactly(Features.LOGITS);
        assertThat(ctx.stages(f.image(), Set.of("stage1")).names()).containsExactly("stage1");
        assertThat(ctx.compute(f.image(), Set.of(Features.LOGITS), ctx.stages(f.image(), Set.of("stage1"))))
                .isEqualTo(ctx.predict(f.image()));
        assertThat(ctx.networkRuns()).isEqualTo(5);
        assertThat(extractor.calls()).isEqualTo(5);
        assertThat(ctx.capabilities()).isEqualTo(extractor.capabilities());
        assertThat(ctx.classes()).isEqualTo(extractor.classes());
    }

    @Test
    void flowSeedThreadsAndProgressAreTheTests() {
        FakeTrainingContext ctx = FakeTrainingContext.builder().seed(7).threads(2).teacher("t").command("c")
                .flow((t, s) -> FlowField.constant(t.width(), t.height(), 1, 0)).build();
        Frame f = TestFrames.blank(0, 4, 4);
        assertThat(ctx.flow(f.image(), f.image()).dx(0, 0)).isEqualTo(1f);
        assertThat(ctx.flowCalls()).isOne();
        assertThat(ctx.seed()).isEqualTo(7);
        assertThat(ctx.threads()).isEqualTo(2);
        assertThat(ctx.teacher()).isEqualTo("t");
        assertThat(ctx.command()).isEqualTo("c");
        ctx.progress("epoch 1");
        ctx.progress("best epoch 1");
        assertThat(ctx.progress()).containsExactly("epoch 1", "best epoch 1");
        assertThat(Files.isDirectory(ctx.output())).isTrue();
    }

    @Test
    void aNetworkThatDoesNotReturnTheRequestedStagesIsReported() {
        FakeTrainingContext ctx = FakeTrainingContext.builder().network((image, stages, inputs) -> Features.empty())
                .build();
        assertThatThrownBy(() -> ctx.predict(TestFrames.blank(0, 4, 4).image()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("logits");
    }
}
