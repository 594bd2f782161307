package io.vseg.testkit;

import io.vseg.api.Frame;
import io.vseg.api.Plan;
import io.vseg.api.Region;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/**
 * Whether a plan is one the runtime can carry out for a frame (DESIGN §4): the runtime would throw, mid-sequence,
 * on each thing checked here, so the contract test reports it at once, naming the frame and the plan.
 */
final class PlanCheck {
    private PlanCheck() {
    }

    /**
     * @param stages     the extractor's stages
     * @param hasKey     whether a whole-frame key state exists (not on a sequence's first frame)
     * @param regionKeys the regions that have a key state of their own
     * @throws AssertionFailedError naming what is wrong
     */
    static void check(Plan plan, Frame frame, List<String> stages, boolean hasKey, Collection<Region> regionKeys) {
        if (plan == null) {
            throw new AssertionFailedError("frame " + frame.index() + ": plan() returned null");
        }
        List<String> problems = new ArrayList<>();
        switch (plan) {
            case Plan.Key k -> checkKey(k, stages, problems);
            case Plan.Propagate p -> {
                if (!hasKey) {
                    problems.add(frame.index() == 0 || regionKeys.isEmpty()
                            ? "a sequence's first frame must be a key frame (nothing to propagate from)"
                            : "propagate without a whole-frame key state (only regions have keys)");
                }
            }
            case Plan.Regions r -> {
                for (Plan.RegionPlan rp : r.regions()) {
                    Region region = rp.region();
                    if (region.right() > frame.width() || region.bottom() > frame.height()) {
                        problems.add(region + " lies outside the " + frame.width() + "x" + frame.height() + " frame");
                    }
                    if (Double.isNaN(rp.score())) {
                        problems.add(region + " has score NaN (overlaps are resolved by the higher score)");
                    }
                    switch (rp.plan()) {
                        case Plan.Key k -> {
                            if (k.isPipelined()) {
                                problems.add(region + ": pipelined keys are for whole frames, not regions");
                            }
                            checkKey(k, stages, problems);
                        }
                        case Plan.Propagate p -> {
                            if (!regionKeys.contains(region)) {
                                problems.add(region + " propagates but has no key state of its own yet");
                            }
                        }
                        case Plan.Regions nested -> problems.add("regions do not nest");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionFailedError("frame " + frame.index() + ", plan " + plan.label() + ": "
                    + String.join("; ", problems));
        }
    }

    private static void checkKey(Plan.Key k, List<String> stages, List<String> problems) {
        for (String s : k.stages()) {
            if (!stages.contains(s)) {
                problems.add("key stage '" + s + "' is not a stage of the extractor " + stages);
            }
        }
        for (String s : k.deferred()) {
            if (!stages.contains(s)) {
                problems.add("deferred stage '" + s + "' is not a stage of the extractor " + stages);
            }
        }
    }
}
