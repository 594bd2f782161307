package io.vseg.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Image;
import io.vseg.api.ObjectMasks;
import io.vseg.api.Plan;
import io.vseg.api.SequenceInputs;
import io.vseg.api.spi.Fuser;
import io.vseg.api.tensor.Tensor;
import io.vseg.runtime.bench.Benchmark;
import io.vseg.runtime.bench.MethodReport;
import io.vseg.runtime.component.CopyPropagator;
import io.vseg.runtime.component.NoneFuser;
import io.vseg.runtime.dataset.DavisDataset;
import io.vseg.runtime.pipeline.PipelineTest.CountingFlow;
import io.vseg.runtime.pipeline.PipelineTest.RedExtractor;
import io.vseg.runtime.video.Davis;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DAVIS 2017-style sequence with two objects in palette masks (indices are object ids): the first frame's masks
 * come with the sequence, and J is each object's IoU (object id against the label of that index) averaged over the
 * objects, against hand-computed values.
 */
class MultiObjectDavisTest {
    private static final int W = 64;
    private static final int H = 48;
    private static final int FRAMES = 4;
    /** Object 1 moves this many pixels right per frame, in the frames and the annotations; object 2 stays. */
    private static final int STEP = 4;
    private static final int SIDE = 16;

    @TempDir
    Path root;

    /** Object ids of frame t: object 1 a square at (4 + STEP * t, 8), object 2 a square at (44, 24). */
    private static int[] ids(int t) {
        int[] ids = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                if (x >= 4 + STEP * t && x < 4 + STEP * t + SIDE && y >= 8 && y < 8 + SIDE) {
                    ids[y * W + x] = 1;
                } else if (x >= 44 && x < 44 + SIDE && y >= 24 && y < 24 + SIDE) {
                    ids[y * W + x] = 2;
                }
            }
        }
        return ids;
    }

    private void writeSequence() throws Exception {
        Path images = Files.createDirectories(Davis.images(root, "two"));
        Path annotations = Files.createDirectories(Davis.annotations(root, "two"));
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        r[1] = (byte) 128;
        g[2] = (byte) 128;
        IndexColorModel palette = new IndexColorModel(8, 256, r, g, b);
        for (int t = 0; t < FRAMES; t++) {
            int[] ids = ids(t);
            BufferedImage frame = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
            BufferedImage mask = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, palette);
            for (int p = 0; p < ids.length; p++) {
                // Red where object 1 is: the red extractor labels it class 1 ("person"), everything else class 0.
                frame.setRGB(p % W, p / W, ids[p] == 1 ? 0xF00000 : 0x202020);
                mask.getRaster().setSample(p % W, p / W, 0, ids[p]);
            }
            ImageIO.write(frame, "png", images.resolve(String.format("%05d.png", t)).toFile());
            ImageIO.write(mask, "png", annotations.resolve(String.format("%05d.png", t)).toFile());
        }
    }

    /** The red extractor (class 1 where red), planned by {@code plan}. */
    private static Pipeline pipeline(java.util.function.Function<io.vseg.api.FrameContext, Plan> plan) {
        return new Pipeline(new RedExtractor(), new CountingFlow(), PipelineTest.scripted(plan), new CopyPropagator(),
                new NoneFuser(), Map.of("scheduler", "test", "propagator", "copy", "fuser", "none"),
                RedExtractor::new);
    }

    @Test
    void theFirstFramesPaletteMaskBringsBothObjects() throws Exception {
        writeSequence();
        SequenceInputs inputs = new DavisDataset(root, null).inputs("two");
        ObjectMasks masks = inputs.masks().orElseThrow();
        assertThat(masks.objects()).containsExactly(1, 2);
        assertThat(masks.classes().names()).containsExactly("background", "object 1", "object 2");
        assertThat(masks.id(5, 9)).isEqualTo(1);
        assertThat(masks.id(45, 25)).isEqualTo(2);
        assertThat(new DavisDataset(root, null).labels("two", "00002", W, H).orElseThrow()).containsExactly(ids(2));
        // A DAVIS 2016 mask (0 / 255) is object 1; a palette mask's indices are kept.
        assertThat(Davis.objectIds(new int[] {0, 255, 255, 0})).containsExactly(0, 1, 1, 0);
        assertThat(Davis.objectIds(new int[] {0, 1, 2, 255})).containsExactly(0, 1, 2, 255);
    }

    @Test
    void jIsEachObjectsIouAveragedOverTheObjects() throws Exception {
        writeSequence();
        List<MethodReport> methods;
        try (Pipeline every = pipeline(ctx -> Plan.fullKey());
             Pipeline held = pipeline(ctx -> ctx.frame().index() == 0 ? Plan.fullKey() : Plan.propagate())) {
            methods = new Benchmark(every, held, "held", 0, null).run(new DavisDataset(root, null), 0, done -> { });
        }
        // Every frame: class 1 is exactly where object 1 is (J 1); no class 2 exists, so object 2's J is 0.
        assertThat(methods.get(0).j()).isCloseTo(0.5, within(1e-9));
        // Frame 0's labels held while object 1 moves STEP px a frame: IoU (S - d) / (S + d); object 2 still 0.
        double j1 = 0;
        for (int t = 0; t < FRAMES; t++) {
            j1 += (SIDE - STEP * t) / (double) (SIDE + STEP * t) / FRAMES;
        }
        MethodReport method = methods.get(1);
        assertThat(method.frames()).isEqualTo(FRAMES);
        assertThat(method.j()).isCloseTo(j1 / 2, within(1e-9));
    }

    /** Three classes: background, "sidewalk" where red is bright (class 1, where object 1 is), and one never seen. */
    static final class ThreeClasses extends RedExtractor {
        @Override
        public ClassSet classes() {
            return ClassSet.of("background", "sidewalk", "sky");
        }

        @Override
        public Features extract(Image image, Set<String> stages, Features cached) {
            Features two = super.extract(image, stages, cached);
            if (!two.has(Features.LOGITS)) {
                return two;
            }
            Tensor l = two.tensor(Features.LOGITS);
            float[] three = java.util.Arrays.copyOf(l.toArray(), 3 * l.height() * l.width()); // sky: 0 everywhere
            return two.with(Features.LOGITS, Tensor.wrap(3, l.height(), l.width(), three), 1);
        }
    }

    @Test
    void aModelOfOtherClassesIsNotScoredAgainstTheObjects() throws Exception {
        writeSequence();
        List<MethodReport> methods;
        try (Pipeline every = new Pipeline(new ThreeClasses(), new CountingFlow(),
                PipelineTest.scripted(ctx -> Plan.fullKey()), new CopyPropagator(), new NoneFuser(),
                Map.of("scheduler", "test"), ThreeClasses::new);
             Pipeline same = new Pipeline(new ThreeClasses(), new CountingFlow(),
                PipelineTest.scripted(ctx -> Plan.fullKey()), new CopyPropagator(), new NoneFuser(),
                Map.of("scheduler", "test"), ThreeClasses::new)) {
            methods = new Benchmark(every, same, "same", 0, null).run(new DavisDataset(root, null), 0, done -> { });
        }
        // Class 1 is exactly where object 1 is, but it is a street-scene class, not the object: no J, no F (the
        // two-class extractor of the test above scores J 1 for it).
        assertThat(methods.get(1).j()).isNaN();
        assertThat(methods.get(1).f()).isNaN();
        assertThat(methods.get(1).agreement()).isEqualTo(1.0);
    }

    /**
     * Semi-supervised output ({@code vseg.output.classes = objects}): labels index the sequence's objects, more than
     * the network's classes, and the warm-up needs the sequence's masks too. A fuser that holds the first frame's
     * objects: object 2 stays (J 1), object 1 moves away from its first square; scored, by default, as the DAVIS
     * benchmark does, on frames 1..n-2.
     */
    @Test
    void objectLabelsAreScoredAndWarmedUpWithTheSequencesMasks() throws Exception {
        writeSequence();
        Fuser firstMasks = (features, ctx) -> {
            ObjectMasks m = ctx.inputs().masks().orElseThrow();
            int classes = ctx.outputClasses().size();
            float[] scores = new float[classes * W * H];
            for (int p = 0; p < W * H; p++) {
                int id = m.ids()[p];
                scores[(id == 0 ? 0 : m.objects().indexOf(id) + 1) * W * H + p] = 1;
            }
            return features.with(Features.LOGITS, Tensor.wrap(classes, H, W, scores), 1);
        };
        List<MethodReport> methods;
        try (Pipeline base = objects(firstMasks);
             Pipeline held = objects(firstMasks)) {
            methods = new Benchmark(base, held, "held", 2, null).run(new DavisDataset(root, null), 0, done -> { });
        }
        MethodReport method = methods.get(1);
        double j1 = 0;
        for (int t = 1; t < FRAMES - 1; t++) {
            j1 += (SIDE - STEP * t) / (double) (SIDE + STEP * t) / (FRAMES - 2);
        }
        assertThat(method.sequences().get("two").scored()).isEqualTo(FRAMES - 2);
        assertThat(method.j()).isCloseTo((j1 + 1) / 2, within(1e-9));
        assertThat(method.agreement()).isEqualTo(1.0);
        assertThat(method.classes()).containsOnlyKeys("background", "object 1", "object 2");
    }

    @Test
    void masksOfAnotherSizeThanTheFramesAreAnErrorOnTheFrameTheyAnnotate() {
        int[] ids = new int[8 * 6];
        ids[3] = 1;
        try (Pipeline p = objects(new NoneFuser())) {
            p.reset(SequenceInputs.of("small", ObjectMasks.of(0, 8, 6, ids)));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.process(PipelineTest.frame(0, 10, 6, 0)))
                    .isInstanceOf(FrameException.class)
                    .hasMessageContaining("frame 0")
                    .hasMessageContaining("object masks of frame 0 (--masks, or the sequence's first annotation) "
                            + "are 8x6, the frame is 10x6")
                    .message().doesNotContain("\n");
            int[] fits = new int[10 * 6];
            fits[3] = 1;
            p.reset(SequenceInputs.of("fits", ObjectMasks.of(0, 10, 6, fits)));
            assertThat(p.process(PipelineTest.frame(0, 10, 6, 0)).frameIndex()).isZero();
        }
    }

    private static Pipeline objects(Fuser fuser) {
        return new Pipeline(new RedExtractor(), new CountingFlow(), PipelineTest.scripted(ctx -> Plan.fullKey()),
                new CopyPropagator(), fuser, Map.of("fuser", "test.fuser"), Map.of("fuser", "test.module"),
                OutputClasses.OBJECTS, RedExtractor::new, false);
    }
}
