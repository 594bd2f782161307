package io.vseg.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.FrameResult;
import io.vseg.api.Image;
import io.vseg.api.Plan;
import io.vseg.api.Region;
import io.vseg.api.spi.Propagator;
import io.vseg.api.spi.Scheduler;
import io.vseg.api.tensor.BorderMode;
import io.vseg.api.tensor.Tensors;
import io.vseg.runtime.component.CopyPropagator;
import io.vseg.runtime.component.NoneFuser;
import io.vseg.runtime.flow.DisFlowEstimator;
import io.vseg.runtime.pipeline.PipelineTest.RedExtractor;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A regions plan whose regions propagate along real optical flow (DIS on the frames): each region warps its key
 * crop by its own part of the whole frame's flow. A red square moves in the right region only, over a still
 * textured background; the left region sees no motion.
 */
class RegionMotionTest {
    private static final int W = 160;
    private static final int H = 96;
    private static final int SIDE = 24;
    /** The square's motion, pixels per frame to the right. */
    private static final int STEP = 6;
    private static final Region LEFT = new Region(0, 0, 96, H);
    private static final Region RIGHT = new Region(64, 0, 96, H);

    /** Frame t: dim noise (red below 100) with a textured red square at (100 + STEP * t, 36). */
    private static Frame frame(int t) {
        Random background = new Random(5);
        Random square = new Random(9);
        byte[] rgb = new byte[W * H * 3];
        int x0 = 100 + STEP * t;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int p = (y * W + x) * 3;
                int r = background.nextInt(100);
                int g = background.nextInt(200);
                int b = background.nextInt(200);
                rgb[p] = (byte) r;
                rgb[p + 1] = (byte) g;
                rgb[p + 2] = (byte) b;
            }
        }
        for (int y = 36; y < 36 + SIDE; y++) {
            for (int x = x0; x < x0 + SIDE; x++) {
                // The square's texture moves with it: the same value at the same place in the square.
                square.setSeed((y - 36) * 1000L + (x - x0));
                int p = (y * W + x) * 3;
                rgb[p] = (byte) (170 + square.nextInt(80));
                rgb[p + 1] = (byte) square.nextInt(250);
                rgb[p + 2] = (byte) square.nextInt(250);
            }
        }
        return new Frame(t, t * 40_000L, Image.wrap(W, H, rgb));
    }

    /** Warps the key's logits (stride 1) along the region's flow from its key frame, as DFF's propagator does. */
    private static final Propagator FLOW_WARP = (key, ctx) -> Features.of(Features.LOGITS,
            Tensors.warp(key.features().logits(), ctx.flow(ctx.frame(), key.frame()), BorderMode.REPLICATE), 1);

    /** Frame 0: both regions keyed; later frames: both propagated, the right one (score 0.9) winning the overlap. */
    private static final Scheduler REGIONS = ctx -> new Plan.Regions(List.of(
            new Plan.RegionPlan(LEFT, ctx.frame().index() == 0 ? Plan.fullKey() : Plan.propagate(), 0.2),
            new Plan.RegionPlan(RIGHT, ctx.frame().index() == 0 ? Plan.fullKey() : Plan.propagate(), 0.9)));

    private static int[] run(Propagator propagator, int frames) {
        try (Pipeline p = new Pipeline(new RedExtractor(), new DisFlowEstimator("medium", 1), REGIONS, propagator,
                new NoneFuser(), Map.of(), RedExtractor::new)) {
            FrameResult last = null;
            for (int t = 0; t < frames; t++) {
                last = p.process(frame(t));
            }
            assertThat(last.plan().label()).isEqualTo("regions:0/2");
            return last.segmentation().labels();
        }
    }

    private static double personIou(int[] a, int[] b) {
        long inter = 0;
        long union = 0;
        for (int i = 0; i < a.length; i++) {
            inter += a[i] == 1 && b[i] == 1 ? 1 : 0;
            union += a[i] == 1 || b[i] == 1 ? 1 : 0;
        }
        return (double) inter / union;
    }

    @Test
    void eachRegionWarpsItsKeyAlongItsOwnPartOfTheFlow() {
        // The truth: the red square where frame 2 shows it (the extractor labels red pixels person).
        int[] truth = Tensors.argmax(new RedExtractor().extract(frame(2).image(), Set.of(Features.LOGITS),
                Features.empty()).logits());
        int[] warped = run(FLOW_WARP, 3);
        int[] copied = run(new CopyPropagator(), 3);
        double warpedIou = personIou(truth, warped);
        double copiedIou = personIou(truth, copied);
        System.out.printf(Locale.ROOT, "regions propagated two frames along DIS: person IoU %.3f warped, "
                + "%.3f copied%n", warpedIou, copiedIou);
        // Copying keeps the square 12 px behind: IoU 12/36. Warping follows it.
        assertThat(copiedIou).isLessThan(0.4);
        assertThat(warpedIou).isGreaterThan(0.85);
        // The left region saw no motion: no person pixel appears there outside the overlap.
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < RIGHT.x(); x++) {
                assertThat(warped[y * W + x]).as("(%d, %d)", x, y).isZero();
            }
        }
    }
}
