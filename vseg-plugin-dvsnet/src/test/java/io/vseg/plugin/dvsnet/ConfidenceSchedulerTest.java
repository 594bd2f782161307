package io.vseg.plugin.dvsnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.FrameResult;
import io.vseg.api.Plan;
import io.vseg.api.Region;
import io.vseg.api.Segmentation;
import io.vseg.api.tensor.FlowField;
import io.vseg.api.tensor.Tensor;
import io.vseg.testkit.FakeComponentContext;
import io.vseg.testkit.FakeFrameContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class ConfidenceSchedulerTest {
    private static final ClassSet CLASSES = ClassSet.of("background", "person");

    private static ConfidenceScheduler scheduler(String settings) {
        Config defaults = ConfigFactory.parseResources("reference.conf").getConfig("vseg.components.\"dvsnet.confidence\"");
        Config config = ConfigFactory.parseString(settings).withFallback(defaults);
        return (ConfidenceScheduler) new ConfidenceScheduler.Factory().create(config,
                FakeComponentContext.of("vseg.pipeline.scheduler"));
    }

    /** No motion, on a grid 4x coarser than the frame. */
    private static FlowField still(Frame target, Frame source) {
        return FlowField.zero(target.width() / 4, target.height() / 4);
    }

    /** A frame's context with flow from {@code flow}; a scheduler of regions runs no network, so asking for one fails. */
    private static FakeFrameContext context(Frame frame, BiFunction<Frame, Frame, FlowField> flow) {
        return FakeFrameContext.builder(frame).classes(CLASSES).flow(flow).network((image, stages, inputs) -> {
            throw new UnsupportedOperationException("a scheduler of regions runs no network");
        }).build();
    }

    /** Runs one frame through the scheduler: plans, then observes a result with 2-class scores. */
    private static Plan step(ConfidenceScheduler scheduler, FakeFrameContext ctx) {
        Plan plan = scheduler.plan(ctx);
        Frame f = ctx.frame();
        Tensor logits = Tensor.zeros(2, f.height() / 4, f.width() / 4);
        Segmentation seg = new Segmentation(f.width(), f.height(), new int[f.width() * f.height()], logits, CLASSES);
        scheduler.observe(new FrameResult(f.index(), plan, Features.of(Features.LOGITS, logits, 4), seg, Map.of()));
        return plan;
    }

    private static List<String> labels(ConfidenceScheduler s, List<Frame> frames) {
        List<String> out = new ArrayList<>();
        for (Frame f : frames) {
            out.add(step(s, context(f, ConfidenceSchedulerTest::still)).label());
        }
        return out;
    }

    @Test
    void theRegionsWithOverlapCoverTheFrameAndTheirTilesDoNotOverlap() {
        ConfidenceScheduler s = scheduler("regions = 2x2, overlap = 8");
        labels(s, List.of(TexturedFrames.frame(0, 1, 0, null)));
        List<Region> regions = s.regions();
        assertThat(regions).containsExactly(new Region(0, 0, 40, 32), new Region(24, 0, 40, 32),
                new Region(0, 16, 40, 32), new Region(24, 16, 40, 32));
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                int px = x;
                int py = y;
                assertThat(regions.stream().filter(r -> r.contains(px, py)).count()).isPositive();
            }
        }
    }

    @Test
    void aStaticClipWarpsEveryRegionAfterTheFirstFrame() {
        List<Frame> still = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            still.add(TexturedFrames.frame(i, 1, 0, null));
        }
        assertThat(labels(scheduler("overlap = 8"), still))
                .containsExactly("regions:4/4", "regions:0/4", "regions:0/4", "regions:0/4", "regions:0/4");
        assertThat(labels(scheduler("overlap = 8, segment-on = frame"), still))
                .containsExactly("key", "propagate", "propagate", "propagate", "propagate");
    }

    @Test
    void aSceneCutSegmentsEveryRegion() {
        List<Frame> clip = List.of(TexturedFrames.frame(0, 1, 0, null), TexturedFrames.frame(1, 1, 0, null),
                TexturedFrames.frame(2, 7, 0, null), TexturedFrames.frame(3, 7, 0, null));
        ConfidenceScheduler s = scheduler("overlap = 8");
        assertThat(labels(s, clip)).containsExactly("regions:4/4", "regions:0/4", "regions:4/4", "regions:0/4");
        assertThat(labels(scheduler("overlap = 8, segment-on = frame"), clip))
                .containsExactly("key", "propagate", "key", "propagate");
        // A budget that one bad frame cannot spend still segments the cut; without the cut rule it would not.
        assertThat(labels(scheduler("overlap = 8, segment-on = frame, error-budget = 5"), clip))
                .containsExactly("key", "propagate", "key", "propagate");
        assertThat(labels(scheduler("overlap = 8, segment-on = frame, error-budget = 5, cut = 1"), clip))
                .containsExactly("key", "propagate", "propagate", "propagate");
    }

    @Test
    void aChangeInOneCornerSegmentsThatRegionOrTheWholeFrame() {
        int[] corner = {0, 0, 16, 12}; // inside the top-left region only
        List<Frame> clip = List.of(TexturedFrames.frame(0, 1, 0, null), TexturedFrames.frame(1, 1, 0, corner));
        ConfidenceScheduler crop = scheduler("overlap = 8");
        List<String> plans = labels(crop, clip);
        assertThat(plans).containsExactly("regions:4/4", "regions:1/4");
        assertThat(crop.confidences()[0]).isLessThan(0.95);
        assertThat(crop.confidences()[3]).isCloseTo(1, within(1e-9));
        assertThat(labels(scheduler("overlap = 8, segment-on = frame"), clip)).containsExactly("key", "key");
    }

    @Test
    void theRegionsShareOneFlowPerKeyFrame() {
        ConfidenceScheduler s = scheduler("overlap = 8");
        FakeFrameContext first = context(TexturedFrames.frame(0, 1, 0, null), ConfidenceSchedulerTest::still);
        step(s, first);
        FakeFrameContext second = context(TexturedFrames.frame(1, 1, 0, null), (t, src) -> {
            assertThat(src.index()).isEqualTo(0);
            return still(t, src);
        });
        step(s, second);
        // The context memoizes the pair, as the runtime does; the scheduler asks per region.
        assertThat(second.flowRequests()).isEqualTo(4);
        assertThat(second.flowComputations()).isEqualTo(1);
    }

    @Test
    void aMaximumIntervalForcesASegmentation() {
        List<Frame> still = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            still.add(TexturedFrames.frame(i, 1, 0, null));
        }
        assertThat(labels(scheduler("overlap = 8, segment-on = frame, max-interval = 2"), still))
                .containsExactly("key", "propagate", "key", "propagate", "key");
    }

    @Test
    void anErrorBudgetSegmentsWhenTheExpectedErrorsSinceTheKeyAddUpToIt() {
        // A pattern sliding a pixel a frame under a flow that sees no motion: every warp errs, more with each frame.
        List<Frame> sliding = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sliding.add(TexturedFrames.frame(i, 1, i, null));
        }
        double budget = 0.6;
        // Alone, this threshold would segment every frame; with a budget it is not used.
        ConfidenceScheduler s = scheduler("regions = 1x1, overlap = 0, segment-on = frame, max-interval = 0, "
                + "calibration = 0, threshold = 0.999, error-budget = " + budget);
        List<String> plans = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        double accumulated = 0;
        for (Frame f : sliding) {
            plans.add(step(s, context(f, ConfidenceSchedulerTest::still)).label());
            double error = 1 - s.confidences()[0];
            boolean key = f.index() == 0 || accumulated + error > budget;
            expected.add(key ? "key" : "propagate");
            accumulated = key ? 0 : accumulated + error;
        }
        assertThat(plans).isEqualTo(expected);
        assertThat(plans.subList(1, plans.size())).contains("key", "propagate");

        // A still clip spends nothing of the budget.
        List<Frame> still = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            still.add(TexturedFrames.frame(i, 1, 0, null));
        }
        assertThat(labels(scheduler("segment-on = frame, error-budget = 0.01"), still))
                .containsExactly("key", "propagate", "propagate", "propagate", "propagate", "propagate");
    }

    @Test
    void theDynamicThresholdFallsAfterASegmentationAndRisesAfterAWarpWithinItsBounds() {
        ConfidenceScheduler s = scheduler(
                "overlap = 8, threshold = 0.95, dynamic { enabled = true, step = 0.02, min = 0.9, max = 0.99 }");
        List<Frame> still = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            still.add(TexturedFrames.frame(i, 1, 0, null));
        }
        List<String> plans = labels(s, still.subList(0, 1));
        assertThat(plans).containsExactly("regions:4/4");
        assertThat(s.thresholds()[0]).isCloseTo(0.93, within(1e-9));
        labels(s, still.subList(1, 6));
        assertThat(s.thresholds()[0]).isCloseTo(0.99, within(1e-9));
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> scheduler("regions = 2by2")).hasMessageStartingWith("regions:");
        assertThatThrownBy(() -> scheduler("threshold = 1.5")).hasMessageStartingWith("threshold:");
        assertThatThrownBy(() -> scheduler("segment-on = tiles")).hasMessageStartingWith("segment-on:");
        assertThatThrownBy(() -> scheduler("error-budget = -1")).hasMessageStartingWith("error-budget:");
        assertThatThrownBy(() -> scheduler("cut = 0")).hasMessageStartingWith("cut:");
        // Switched on as it is, with the default threshold and bounds, the dynamic threshold runs.
        assertThat(scheduler("dynamic.enabled = true")).isNotNull();
        assertThatThrownBy(() -> scheduler("threshold = 0.8, dynamic.enabled = true"))
                .hasMessage("dynamic: step >= 0 and dynamic.min <= threshold <= dynamic.max, got step 0.005, min 0.85, "
                        + "threshold 0.8, max 0.99");
        assertThatThrownBy(() -> scheduler("model = /nonexistent/dvsnet")).hasMessageStartingWith("model:")
                .hasMessageContaining("dvsnet-confidence.json not found");
    }

    @Test
    void motionFeaturesOfAKnownTranslation() {
        Frame key = TexturedFrames.frame(0, 1, 0, null);
        Frame now = TexturedFrames.frame(3, 1, 8, null); // the pattern moved 8 px (2 cells) left
        MotionGrid grid = new MotionGrid(16, 12, 64, 48);
        FlowField flow = FlowField.constant(16, 12, 2, 0); // backward: now(p) = key(p + 2 cells)
        Region whole = Region.whole(64, 48);
        MotionGrid.KeyCells cells = new MotionGrid.KeyCells(new int[16 * 12], new float[16 * 12]);
        float[] f = MotionFeatures.of(grid, whole, flow, grid.grey(now.image()), grid.grey(key.image()), cells, 3);
        assertThat(f).hasSize(MotionFeatures.NAMES.size());
        assertThat(f[MotionFeatures.NAMES.indexOf("motion-mean")]).isCloseTo(12.5f, within(1e-4f));
        assertThat(f[MotionFeatures.NAMES.indexOf("motion-spread")]).isCloseTo(0f, within(1e-4f));
        assertThat(f[MotionFeatures.NAMES.indexOf("flow-gradient")]).isCloseTo(0f, within(1e-4f));
        assertThat(f[MotionFeatures.NAMES.indexOf("out-of-view")]).isCloseTo(2f / 16, within(1e-6f));
        // The warp explains the image where the key frame has the content (all but the last two columns).
        float warpError = f[MotionFeatures.NAMES.indexOf("warp-error")];
        float difference = f[MotionFeatures.NAMES.indexOf("frame-difference")];
        assertThat(warpError).isLessThan(difference / 4);
        assertThat(f[MotionFeatures.NAMES.indexOf("key-uncertain")]).isEqualTo(1f); // margins of 0
        assertThat(f[MotionFeatures.NAMES.indexOf("offset")]).isCloseTo(0.3f, within(1e-6f));
    }

    @Test
    void theLabelAwareFeaturesSeeAnObjectMoveAgainstAStillBackground() {
        MotionGrid grid = new MotionGrid(16, 12, 64, 48);
        Region whole = Region.whole(64, 48);
        // The key frame's prediction: an object (label 1) on cells 3..8 across and down.
        int[] labels = new int[16 * 12];
        for (int j = 3; j <= 8; j++) {
            for (int i = 3; i <= 8; i++) {
                labels[j * 16 + i] = 1;
            }
        }
        MotionGrid.KeyCells cells = new MotionGrid.KeyCells(labels, new float[16 * 12]);
        float[] image = grid.grey(TexturedFrames.frame(0, 1, 0, null).image());
        // The object moved 2 cells, the background stood still.
        float[] dxdy = new float[2 * 16 * 12];
        for (int c = 0; c < labels.length; c++) {
            dxdy[2 * c] = labels[c] == 1 ? 2 : 0;
        }
        FlowField objectMoves = FlowField.fromInterleaved(16, 12, dxdy);
        float[] f = MotionFeatures.of(grid, whole, objectMoves, image, image, cells, 1);
        float relative = f[MotionFeatures.NAMES.indexOf("object-motion")];
        // 2 cells = 12.5% of the width; the object's cells include its boundary, part of it on the still side.
        assertThat(relative).isBetween(12.5f / 2, 12.5f + 1e-4f);
        // The same motion everywhere: nothing moves against anything.
        float[] all = MotionFeatures.of(grid, whole, FlowField.constant(16, 12, 2, 0), image, image, cells, 1);
        assertThat(all[MotionFeatures.NAMES.indexOf("object-motion")]).isCloseTo(0f, within(1e-4f));

        // Where the warp fails on the object only, the object's error exceeds the region's.
        float[] key = image;
        float[] now = key.clone();
        for (int c = 0; c < labels.length; c++) {
            now[c] = labels[c] == 1 ? 1 - key[c] : key[c];
        }
        float[] g = MotionFeatures.of(grid, whole, FlowField.zero(16, 12), now, key, cells, 1);
        float objectError = g[MotionFeatures.NAMES.indexOf("object-warp-error")];
        assertThat(objectError).isGreaterThan(2 * g[MotionFeatures.NAMES.indexOf("warp-error")]);
        assertThat(g[MotionFeatures.NAMES.indexOf("boundary-error-share")]).isGreaterThan(0f)
                .isLessThanOrEqualTo(g[MotionFeatures.NAMES.indexOf("label-boundary")]);
        float[] still = MotionFeatures.of(grid, whole, FlowField.zero(16, 12), key, key, cells, 1);
        assertThat(still[MotionFeatures.NAMES.indexOf("object-warp-error")]).isZero();
        assertThat(still[MotionFeatures.NAMES.indexOf("boundary-error-share")]).isZero();
    }

    @Test
    void quickselectFindsThePercentile() {
        float[] v = {5, 1, 9, 3, 7, 2, 8, 6, 4, 0};
        assertThat(MotionFeatures.select(v.clone(), 9)).isEqualTo(9f);
        assertThat(MotionFeatures.select(v.clone(), 0)).isEqualTo(0f);
        assertThat(MotionFeatures.select(v.clone(), 4)).isEqualTo(4f);
    }
}
