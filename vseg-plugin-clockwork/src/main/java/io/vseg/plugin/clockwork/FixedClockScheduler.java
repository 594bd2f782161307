package io.vseg.plugin.clockwork;

import com.typesafe.config.Config;
import io.vseg.api.Features;
import io.vseg.api.FrameContext;
import io.vseg.api.Plan;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.Scheduler;
import io.vseg.api.spi.SchedulerFactory;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Clockwork with fixed clocks: stage {@code s} is computed fresh on frames 0, p(s), 2p(s), ... of a sequence
 * and its cached output is reused in between; stages without a period run on every frame, and so does the
 * head ({@code logits}), on whatever is fresh and cached. The first frame is a full key frame.
 */
public final class FixedClockScheduler implements Scheduler {
    private final Map<String, Integer> periods;
    private int position;

    public FixedClockScheduler(Map<String, Integer> periods) {
        periods.forEach((stage, p) -> {
            if (p < 1) {
                throw new IllegalArgumentException("periods." + stage + ": must be >= 1, got " + p);
            }
        });
        this.periods = Map.copyOf(periods);
    }

    @Override
    public Plan plan(FrameContext ctx) {
        int i = position++;
        if (i == 0) {
            Stages.check(ctx, periods.keySet(), "periods");
            return Plan.fullKey();
        }
        Set<String> due = new LinkedHashSet<>();
        for (String stage : ctx.stages()) {
            if (i % periods.getOrDefault(stage, 1) == 0) {
                due.add(stage);
            }
        }
        due.add(Features.LOGITS);
        return due.containsAll(ctx.stages()) ? Plan.fullKey() : Plan.key(due);
    }

    @Override
    public void reset() {
        position = 0;
    }

    /** Its factory. */
    public static final class Factory implements SchedulerFactory {
        @Override
        public String name() {
            return "clockwork.fixed";
        }

        @Override
        public String description() {
            return "Clockwork: each stage refreshed every `periods.<stage>` frames, its cache reused in between";
        }

        @Override
        public Scheduler create(Config config, ComponentContext context) {
            Config p = config.getConfig("periods");
            Map<String, Integer> periods = new LinkedHashMap<>();
            for (String stage : p.root().keySet()) {
                periods.put(stage, p.getInt(stage));
            }
            return new FixedClockScheduler(periods);
        }
    }
}
