package io.vseg.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.FrameResult;
import io.vseg.api.Region;
import io.vseg.runtime.bench.BenchReport;
import io.vseg.runtime.bench.Benchmark;
import io.vseg.runtime.bench.MethodReport;
import io.vseg.runtime.dataset.Dataset;
import io.vseg.runtime.dataset.DavisDataset;
import io.vseg.runtime.eval.ConfusionMatrix;
import io.vseg.runtime.pipeline.Pipeline;
import io.vseg.runtime.pipeline.PipelineFactory;
import io.vseg.runtime.video.Davis;
import io.vseg.runtime.video.ImageFolderSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DFF with the bundled model and real DIS flow, on real DAVIS frames. */
class DffBenchTest {

    @Test
    void benchOnARealClipFillsEveryFieldAndDffIsFasterThanEveryFrame() throws Exception {
        Dataset clip = new DavisDataset(Fixtures.davis(), List.of("dance-twirl"));
        PipelineFactory factory = new PipelineFactory();
        List<MethodReport> methods;
        try (Pipeline baseline = factory.create(Fixtures.pipeline("dff.conf", "scheduler { type = every-frame }"));
             Pipeline dff = factory.create(Fixtures.pipeline("dff.conf", "scheduler { type = dff.interval, interval = 5 }"))) {
            methods = new Benchmark(baseline, dff, "dff", 3, null).run(clip, 30, done -> { });
        }
        MethodReport base = methods.get(0);
        MethodReport dff = methods.get(1);
        assertThat(base.frames()).isEqualTo(30);
        assertThat(dff.frames()).isEqualTo(30);
        assertThat(base.keyShare()).isEqualTo(1.0);
        assertThat(dff.keyShare()).isEqualTo(6 / 30.0);
        assertThat(dff.speedup()).isGreaterThan(1.0);
        assertThat(dff.agreement()).isBetween(0.5, 1.0);
        assertThat(base.agreement()).isEqualTo(1.0);
        assertThat(base.j()).isGreaterThan(0.5);
        assertThat(dff.j()).isGreaterThan(0.4);
        assertThat(base.f()).isBetween(0.0, 1.0);
        assertThat(base.tc()).isNaN();
        assertThat(dff.componentMs()).containsKeys("decode", "extract", "flow", "propagate", "fuse", "labels");
        assertThat(base.componentMs()).containsKeys("decode", "extract").doesNotContainKey("flow");
        assertThat(List.of(dff.p50Ms(), dff.p95Ms(), dff.p99Ms())).isSorted().allMatch(v -> v > 0);

        BenchReport report = new BenchReport("dff.conf", clip.sequences(), 2, 2, "2", 3, methods);
        assertThat(report.json()).contains("\"speedup\"", "\"agreement_miou\"", "\"p99\"", "\"key_share\"",
                "\"threads\": 2", "\"warmup_frames\": 3", "\"flow\"");
        assertThat(report.markdown()).contains("| every-frame |").contains("speedup").contains("2 threads");
    }

    @Test
    void aTranslatedFrameGetsTheKeyLabelsTranslatedAlongRealFlow() throws Exception {
        // Two windows of one DAVIS frame, 12 px apart horizontally and 6 vertically: an exact translation.
        Frame source = new Frame(0, 0, ImageFolderSource.read(Davis.images(Fixtures.davis(), "dance-twirl")
                .resolve("00040.jpg")));
        Frame key = source.crop(new Region(12, 6, 800, 450));
        Frame moved = new Frame(1, 40_000, source.crop(new Region(0, 0, 800, 450)).image());
        Frame keyFrame = new Frame(0, 0, key.image());
        PipelineFactory factory = new PipelineFactory();
        try (Pipeline every = factory.create(Fixtures.pipeline("dff.conf", "scheduler { type = every-frame }"));
             Pipeline dff = factory.create(Fixtures.pipeline("dff.conf", "scheduler { type = dff.interval, interval = 10 }"));
             Pipeline copy = factory.create(Fixtures.pipeline("dff.conf",
                     "scheduler { type = dff.interval, interval = 10 }\npropagator { type = copy }"))) {
            every.process(keyFrame);
            int[] truth = every.process(moved).segmentation().labels();
            dff.process(keyFrame);
            FrameResult warped = dff.process(moved);
            copy.process(keyFrame);
            FrameResult copied = copy.process(moved);
            assertThat(warped.plan().label()).isEqualTo("propagate");
            assertThat(warped.features().has(Features.LOGITS)).isTrue();
            double warpedIou = miou(truth, warped.segmentation().labels());
            double copiedIou = miou(truth, copied.segmentation().labels());
            System.out.printf("translation by (12, 6): mIoU vs fresh inference: flow-warp %.3f, copy %.3f%n",
                    warpedIou, copiedIou);
            assertThat(warpedIou).isGreaterThan(0.85).isGreaterThan(copiedIou + 0.03);
        }
    }

    private static double miou(int[] a, int[] b) {
        ConfusionMatrix m = new ConfusionMatrix(2, -1);
        m.add(a, b);
        return m.meanIou();
    }
}
