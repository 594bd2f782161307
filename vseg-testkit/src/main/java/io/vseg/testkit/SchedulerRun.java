package io.vseg.testkit;

import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.FrameResult;
import io.vseg.api.KeyState;
import io.vseg.api.Plan;
import io.vseg.api.Region;
import io.vseg.api.Segmentation;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.api.spi.Scheduler;
import io.vseg.api.tensor.Tensors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a scheduler over a sequence the way the runtime's frame loop does (DESIGN §4), as far as a scheduler can
 * tell: each frame gets a fresh {@link FakeFrameContext} with the key state, the previous frame and its result; the
 * plan is checked ({@link PlanCheck}) and carried out on the fake network (a key computes its stages and becomes
 * the key state, per region for a regions plan; a propagation hands the key's features on unchanged); then the
 * scheduler observes the frame's result. What it cannot reproduce (warping, stitching) it stands in for with the
 * key's or the whole frame's features, which is all a scheduler's {@code observe} reads.
 */
final class SchedulerRun {
    private final Scheduler scheduler;
    private final FeatureExtractor extractor;
    private KeyState key;
    private final Map<Region, KeyState> regionKeys = new HashMap<>();
    private FrameResult previous;
    private Frame previousFrame;

    SchedulerRun(Scheduler scheduler, FeatureExtractor extractor) {
        this.scheduler = scheduler;
        this.extractor = extractor;
    }

    /** The plans of {@code frames}, each checked; the first frame starts a sequence. */
    List<Plan> run(List<Frame> frames) {
        List<Plan> plans = new ArrayList<>(frames.size());
        for (Frame frame : frames) {
            plans.add(step(frame));
        }
        return plans;
    }

    /** Resets the scheduler and forgets the sequence, as the runtime does between sequences. */
    void reset() {
        scheduler.reset();
        key = null;
        regionKeys.clear();
        previous = null;
        previousFrame = null;
    }

    private Plan step(Frame frame) {
        FakeFrameContext ctx = FakeFrameContext.builder(frame).extractor(extractor).key(key).previous(previous)
                .previousFrame(previousFrame).build();
        Plan plan = scheduler.plan(ctx);
        PlanCheck.check(plan, frame, extractor.stages(), key != null, regionKeys.keySet());
        Features features = switch (plan) {
            case Plan.Key k -> {
                key = new KeyState(frame, keyFeatures(ctx, k));
                yield key.features();
            }
            case Plan.Propagate p -> key.features();
            case Plan.Regions r -> {
                Features whole = ctx.features(new LinkedHashSet<>(extractor.stages()));
                for (Plan.RegionPlan rp : r.regions()) {
                    if (rp.plan() instanceof Plan.Key) {
                        regionKeys.put(rp.region(), new KeyState(frame.crop(rp.region()), whole));
                    }
                }
                yield whole;
            }
        };
        int[] labels = Tensors.argmax(features.logits(), frame.height(), frame.width());
        Segmentation segmentation = new Segmentation(frame.width(), frame.height(), labels, features.logits(),
                extractor.classes());
        FrameResult result = new FrameResult(frame.index(), plan, features, segmentation, Map.of());
        scheduler.observe(result);
        previous = result;
        previousFrame = frame;
        return plan;
    }

    /** A key's features, as the runtime's key step makes them: fresh stages over the last key's cached ones. */
    private Features keyFeatures(FakeFrameContext ctx, Plan.Key plan) {
        if (plan.isFull() || key == null) {
            return ctx.features(new LinkedHashSet<>(extractor.stages()));
        }
        Features cached = key.features();
        Set<String> now = new LinkedHashSet<>(plan.stages());
        if (plan.isPipelined()) {
            // The deferred stages come from the frame before; the cached ones stand in for them here.
            now.remove(Features.LOGITS);
        }
        Features merged = now.isEmpty() ? cached : cached.withAll(ctx.features(now, cached));
        if (!merged.has(Features.LOGITS) || plan.isPipelined()) {
            merged = merged.withAll(ctx.features(Set.of(Features.LOGITS), merged));
        }
        return merged;
    }
}
