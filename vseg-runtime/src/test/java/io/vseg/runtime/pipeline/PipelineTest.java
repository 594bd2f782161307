package io.vseg.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.FrameContext;
import io.vseg.api.FrameResult;
import io.vseg.api.Image;
import io.vseg.api.Plan;
import io.vseg.api.Region;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.api.spi.FlowEstimator;
import io.vseg.api.spi.Scheduler;
import io.vseg.api.tensor.FlowField;
import io.vseg.api.tensor.Tensor;
import io.vseg.runtime.component.CopyPropagator;
import io.vseg.runtime.component.NoneFuser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The frame loop's contract, with small deterministic components: a two-stage "network" whose logits say
 * person where the red channel is bright, and a flow estimator that counts its calls.
 */
class PipelineTest {

    /** stage1 = red channel / 255; logits = [0.5, stage1]: person where red > 127. Counts stage computations. */
    static class RedExtractor implements FeatureExtractor {
        final List<String> computed = new ArrayList<>();

        @Override
        public List<String> stages() {
            return List.of("stage1", Features.LOGITS);
        }

        @Override
        public ClassSet classes() {
            return ClassSet.of("background", "person");
        }

        @Override
        public Features extract(Image image, Set<String> stages, Features cached) {
            Features out = Features.empty();
            Tensor s1;
            if (stages.contains("stage1") || !cached.has("stage1")) {
                computed.add("stage1");
                int n = image.width() * image.height();
                float[] v = new float[n];
                for (int p = 0; p < n; p++) {
                    v[p] = image.get(p % image.width(), p / image.width(), 0) / 255f;
                }
                s1 = Tensor.wrap(1, image.height(), image.width(), v);
                out = out.with("stage1", s1, 1);
            } else {
                s1 = cached.tensor("stage1");
            }
            if (stages.contains(Features.LOGITS)) {
                computed.add(Features.LOGITS);
                float[] l = new float[2 * s1.size()];
                java.util.Arrays.fill(l, 0, s1.size(), 0.5f);
                System.arraycopy(s1.toArray(), 0, l, s1.size(), s1.size());
                out = out.with(Features.LOGITS, Tensor.wrap(2, s1.height(), s1.width(), l), 1);
            }
            return out;
        }
    }

    static final class CountingFlow implements FlowEstimator {
        int calls;
        int closed;

        @Override
        public FlowField estimate(Image target, Image source) {
            calls++;
            return FlowField.zero(target.width(), target.height());
        }

        @Override
        public void close() {
            closed++;
        }
    }

    static Frame frame(int index, int width, int height, int red) {
        byte[] rgb = new byte[width * height * 3];
        for (int p = 0; p < width * height; p++) {
            rgb[p * 3] = (byte) red;
        }
        return new Frame(index, index * 40_000L, Image.wrap(width, height, rgb));
    }

    static Pipeline pipeline(RedExtractor extractor, FlowEstimator flow, Scheduler scheduler) {
        return new Pipeline(extractor, flow, scheduler, new CopyPropagator(), new NoneFuser(), Map.of(), RedExtractor::new);
    }

    static Scheduler scripted(Function<FrameContext, Plan> plan) {
        return plan::apply;
    }

    @Test
    void keyThenPropagateCarriesTheKeyLabelsOver() {
        RedExtractor ex = new RedExtractor();
        Pipeline p = pipeline(ex, new CountingFlow(),
                scripted(ctx -> ctx.frame().index() == 0 ? Plan.fullKey() : Plan.propagate()));
        FrameResult first = p.process(frame(0, 8, 6, 255));
        FrameResult second = p.process(frame(1, 8, 6, 0));
        assertThat(first.segmentation().count(1)).isEqualTo(48);
        // Frame 1 is dark, but copy-propagation keeps frame 0's person labels and runs no network.
        assertThat(second.segmentation().count(1)).isEqualTo(48);
        assertThat(ex.computed).containsExactly("stage1", "logits");
        assertThat(second.isKey()).isFalse();
        assertThat(second.nanos()).containsKeys("schedule", "propagate", "fuse", "labels").doesNotContainKey("extract");
    }

    @Test
    void propagatingBeforeAnyKeyFrameIsAnErrorNamingTheFrame() {
        Pipeline p = pipeline(new RedExtractor(), new CountingFlow(), scripted(ctx -> Plan.propagate()));
        assertThatThrownBy(() -> p.process(frame(0, 4, 4, 0)))
                .hasMessageContaining("frame 0").hasMessageContaining("no key frame");
    }

    @Test
    void aPartialKeyReusesTheCachedStagesOfTheLastKey() {
        RedExtractor ex = new RedExtractor();
        Pipeline p = pipeline(ex, new CountingFlow(),
                scripted(ctx -> ctx.frame().index() == 0 ? Plan.fullKey() : Plan.key(Set.of(Features.LOGITS))));
        p.process(frame(0, 4, 4, 255));
        FrameResult second = p.process(frame(1, 4, 4, 0));
        assertThat(ex.computed).containsExactly("stage1", "logits", "logits");
        assertThat(second.segmentation().count(1)).isEqualTo(16);
    }

    @Test
    void aPipelinedKeyUsesTheDeferredStagesOfTheFrameBefore() {
        RedExtractor ex = new RedExtractor();
        Pipeline p = pipeline(ex, new CountingFlow(), scripted(ctx -> ctx.frame().index() == 0 ? Plan.fullKey()
                : Plan.pipelined(Set.of(Features.LOGITS), Set.of("stage1"))));
        int[] red = {255, 0, 255, 0, 0};
        List<Integer> persons = new ArrayList<>();
        for (int i = 0; i < red.length; i++) {
            FrameResult r = p.process(frame(i, 4, 4, red[i]));
            persons.add(r.segmentation().count(1));
            if (i > 0) {
                assertThat(r.plan().label()).isEqualTo("key:logits|later:stage1");
            }
        }
        // Frame t's head runs on stage1 of frame t-1 (computed in the background): the labels lag one frame.
        assertThat(persons).containsExactly(16, 16, 0, 16, 0);
        // The main extractor computed stage1 for frame 0 only; the background copy did the rest.
        assertThat(ex.computed).containsExactly("stage1", "logits", "logits", "logits", "logits", "logits");
        p.close();
    }

    @Test
    void flowAskedForTwiceInOneFrameIsEstimatedOnce() {
        CountingFlow flow = new CountingFlow();
        Scheduler scheduler = scripted(ctx -> {
            ctx.previousFrame().ifPresent(prev -> {
                ctx.flow(ctx.frame(), prev);
                ctx.flow(ctx.frame(), prev);
            });
            return Plan.fullKey();
        });
        Pipeline p = pipeline(new RedExtractor(), flow, scheduler);
        p.process(frame(0, 4, 4, 0));
        p.process(frame(1, 4, 4, 0));
        assertThat(flow.calls).isEqualTo(1);
    }

    @Test
    void regionsAreComputedOnTheirCropsAndStitchedByScore() {
        RedExtractor ex = new RedExtractor();
        int w = 10;
        int h = 4;
        Region left = new Region(0, 0, 6, 4);
        Region right = new Region(4, 0, 6, 4);
        List<Plan> plans = new ArrayList<>();
        Scheduler scheduler = scripted(ctx -> {
            Plan plan = ctx.frame().index() == 0
                    ? new Plan.Regions(List.of(new Plan.RegionPlan(left, Plan.fullKey(), 0.2),
                            new Plan.RegionPlan(right, Plan.fullKey(), 0.9)))
                    : new Plan.Regions(List.of(new Plan.RegionPlan(left, Plan.fullKey(), 0.2),
                            new Plan.RegionPlan(right, Plan.propagate(), 0.9)));
            plans.add(plan);
            return plan;
        });
        Pipeline p = pipeline(ex, new CountingFlow(), scheduler);
        p.process(frame(0, w, h, 255));
        FrameResult second = p.process(frame(1, w, h, 0));
        // The right region (higher score) propagates frame 0's person labels, also over the overlap x = 4..5;
        // the left region is fresh and dark: background on x = 0..3 only.
        for (int x = 0; x < w; x++) {
            assertThat(second.segmentation().label(x, 1)).as("x=%d", x).isEqualTo(x >= 4 ? 1 : 0);
        }
        assertThat(second.plan().label()).isEqualTo("regions:1/2");
        assertThat(second.isKey()).isTrue();
    }

    @Test
    void stitchingKeepsTheHigherScoreInTheOverlap() {
        Tensor ones = Tensor.wrap(1, 2, 3, new float[] {1, 1, 1, 1, 1, 1});
        Tensor twos = Tensor.wrap(1, 2, 3, new float[] {2, 2, 2, 2, 2, 2});
        Tensor out = Stitcher.stitch(List.of(
                new Stitcher.Part(new Region(0, 0, 3, 2), ones, 0.3),
                new Stitcher.Part(new Region(2, 0, 3, 2), twos, 0.7)), 5, 2);
        assertThat(out.toArray()).containsExactly(1, 1, 2, 2, 2, 1, 1, 2, 2, 2);
        Tensor reversed = Stitcher.stitch(List.of(
                new Stitcher.Part(new Region(0, 0, 3, 2), ones, 0.9),
                new Stitcher.Part(new Region(2, 0, 3, 2), twos, 0.7)), 5, 2);
        assertThat(reversed.toArray()).containsExactly(1, 1, 1, 2, 2, 1, 1, 1, 2, 2);
    }

    @Test
    void coarseRegionScoresAreStitchedOnAGridAsFineAsTheFinestRegion() {
        // Two 60x40 regions of a 100x40 frame, overlapping on x = 40..59, with 30x20 scores: a half-scale grid.
        Tensor left = Tensor.zeros(1, 20, 30);
        float[] ones = new float[600];
        java.util.Arrays.fill(ones, 1f);
        Tensor right = Tensor.wrap(1, 20, 30, ones);
        Tensor out = Stitcher.stitch(List.of(
                new Stitcher.Part(new Region(0, 0, 60, 40), left, 0.2),
                new Stitcher.Part(new Region(40, 0, 60, 40), right, 0.8)), 100, 40);
        assertThat(out.width()).isEqualTo(50);
        assertThat(out.height()).isEqualTo(20);
        for (int x = 0; x < 50; x++) {
            assertThat(out.get(0, 10, x)).as("x=%d", x).isEqualTo(x >= 20 ? 1f : 0f);
        }
    }

    /** A closeable scheduler, propagator and fuser in one, recording its closes under its name. */
    private record Closeable(String name, List<String> closed, boolean fails)
            implements Scheduler, io.vseg.api.spi.Propagator, io.vseg.api.spi.Fuser, AutoCloseable {
        @Override
        public Plan plan(FrameContext ctx) {
            return Plan.fullKey();
        }

        @Override
        public Features propagate(io.vseg.api.KeyState key, FrameContext ctx) {
            return key.features();
        }

        @Override
        public Features fuse(Features features, FrameContext ctx) {
            return features;
        }

        @Override
        public boolean resumableAtKey() {
            return false;
        }

        @Override
        public void reset() {
        }

        @Override
        public void close() throws Exception {
            closed.add(name);
            if (fails) {
                throw new java.io.IOException(name + " failed to close");
            }
        }
    }

    @Test
    void closingThePipelineClosesEveryCloseableComponentEvenWhenOneFails() {
        // A fuser holding a network (GRFP's, NetWarp's) used to be left to the garbage collector.
        List<String> closed = new ArrayList<>();
        CountingFlow flow = new CountingFlow();
        Pipeline p = new Pipeline(new RedExtractor(), flow, new Closeable("scheduler", closed, false),
                new Closeable("propagator", closed, false), new Closeable("fuser", closed, true), Map.of(),
                RedExtractor::new);
        p.process(frame(0, 4, 2, 200));

        assertThatThrownBy(p::close).isInstanceOf(IllegalStateException.class)
                .hasMessage("closing Closeable: fuser failed to close");
        assertThat(closed).containsExactly("fuser", "propagator", "scheduler");
        assertThat(flow.closed).isEqualTo(1);
    }
}
