package io.vseg.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vseg.api.Plan;
import io.vseg.runtime.bench.Benchmark;
import io.vseg.runtime.bench.MethodReport;
import io.vseg.runtime.bench.ScoredFrames;
import io.vseg.runtime.bench.SequenceScores;
import io.vseg.runtime.dataset.DavisDataset;
import io.vseg.runtime.pipeline.PipelineTest.CountingFlow;
import io.vseg.runtime.pipeline.PipelineTest.RedExtractor;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which frames {@link Benchmark} scores against DAVIS masks ({@link ScoredFrames}), on a generated DAVIS root whose
 * first and last annotations agree with the labels and whose middle ones do not. (Here, not in the bench package:
 * the pipelines are built from bare test components, which only this package can do.)
 */
class BenchmarkScoredFramesTest {
    private static final int W = 16;
    private static final int H = 8;

    @TempDir
    Path root;

    /**
     * Four frames, red on the left half (x 0..7), so the red-reading extractor labels the left half person (1).
     * The annotations of frames 0 and 3 are that half (J 1, F 1); those of frames 1 and 2 the left quarter
     * (x 0..3): J 4/8 = 0.5, and F 0, the two boundaries (columns x 3 and x 7) being 4 px apart with a tolerance of
     * ceil(0.008 * hypot(16, 8)) = 1 px.
     */
    private DavisDataset clip() throws Exception {
        Path images = Files.createDirectories(root.resolve("JPEGImages/480p/clip"));
        Path annotations = Files.createDirectories(root.resolve("Annotations/480p/clip"));
        for (int i = 0; i < 4; i++) {
            BufferedImage frame = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
            BufferedImage mask = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
            int objectWidth = i == 0 || i == 3 ? 8 : 4;
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    frame.setRGB(x, y, x < 8 ? 0xFF0000 : 0x000000);
                    mask.getRaster().setSample(x, y, 0, x < objectWidth ? 255 : 0);
                }
            }
            ImageIO.write(frame, "png", images.resolve(String.format("%05d.png", i)).toFile());
            ImageIO.write(mask, "png", annotations.resolve(String.format("%05d.png", i)).toFile());
        }
        return new DavisDataset(root, List.of("clip"));
    }

    /** Every frame a key frame, against the same as baseline; {@code scored} null: the dataset's default. */
    private static List<MethodReport> run(DavisDataset dataset, ScoredFrames scored) {
        try (Pipeline baseline = PipelineTest.pipeline(new RedExtractor(), new CountingFlow(), ctx -> Plan.fullKey());
             Pipeline pipeline = PipelineTest.pipeline(new RedExtractor(), new CountingFlow(), ctx -> Plan.fullKey())) {
            Benchmark benchmark = new Benchmark(baseline, pipeline, "every", 0, null);
            return scored == null ? benchmark.run(dataset, 0, done -> { })
                    : benchmark.run(dataset, 0, scored, done -> { });
        }
    }

    @Test
    void allScoresEveryFrameAndDavisLeavesOutTheFirstAndTheLast() throws Exception {
        DavisDataset clip = clip();

        SequenceScores all = run(clip, ScoredFrames.ALL).get(1).sequences().get("clip");
        assertThat(all.frames()).isEqualTo(4);
        assertThat(all.scored()).isEqualTo(4);
        assertThat(all.j()).isCloseTo((1 + 0.5 + 0.5 + 1) / 4, within(1e-12));
        assertThat(all.f()).isCloseTo((1 + 0 + 0 + 1) / 4.0, within(1e-12));

        SequenceScores davis = run(clip, ScoredFrames.DAVIS).get(1).sequences().get("clip");
        assertThat(davis.frames()).isEqualTo(4);
        assertThat(davis.scored()).isEqualTo(2);
        assertThat(davis.j()).isCloseTo(0.5, within(1e-12));
        assertThat(davis.f()).isZero();
        // Agreement takes every frame whatever is scored.
        assertThat(davis.agreement()).isEqualTo(1.0);
    }

    @Test
    void aSemanticPipelineIsScoredOnEveryFrameByDefaultAndSemiSupervisedOnesAsTheDavisBenchmark() throws Exception {
        DavisDataset clip = clip();
        assertThat(ScoredFrames.defaultFor(clip, OutputClasses.EXTRACTOR)).isEqualTo(ScoredFrames.ALL);
        assertThat(ScoredFrames.defaultFor(clip, OutputClasses.OBJECTS)).isEqualTo(ScoredFrames.DAVIS);
        List<MethodReport> methods = run(clip, null);
        for (MethodReport m : methods) {
            assertThat(m.sequences().get("clip").scored()).as(m.name()).isEqualTo(4);
            assertThat(m.j()).as(m.name()).isCloseTo(0.75, within(1e-12));
        }
    }

    @Test
    void davisSelectsTheMiddleFrames() {
        assertThat(List.of(0, 1, 2, 3, 4).stream().filter(i -> ScoredFrames.DAVIS.scores(i, 5)).toList())
                .containsExactly(1, 2, 3);
        assertThat(List.of(0, 1).stream().filter(i -> ScoredFrames.DAVIS.scores(i, 2)).toList()).isEmpty();
        assertThat(List.of(0, 1).stream().filter(i -> ScoredFrames.ALL.scores(i, 2)).toList()).containsExactly(0, 1);
    }
}
