package io.vseg.plugin.clockwork;

import com.typesafe.config.Config;
import io.vseg.api.Features;
import io.vseg.api.FrameContext;
import io.vseg.api.Plan;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.Scheduler;
import io.vseg.api.spi.SchedulerFactory;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Pipelined Clockwork: the deep stages of frame t run in the background (the runtime gives them a second copy
 * of the network and a thread) while frame t+1's shallow stages run, so a frame waits for the longer of the
 * two rather than their sum, and its head uses deep stages one frame stale ({@link Plan#pipelined}). The first
 * frame of a sequence is a full key frame.
 */
public final class PipelinedScheduler implements Scheduler {
    private final Set<String> deep;
    private int position;

    public PipelinedScheduler(Set<String> deep) {
        if (deep.isEmpty() || deep.contains(Features.LOGITS)) {
            throw new IllegalArgumentException("deep: name the stages to pipeline, not logits; got " + deep);
        }
        this.deep = Set.copyOf(deep);
    }

    @Override
    public Plan plan(FrameContext ctx) {
        if (position++ == 0) {
            Stages.check(ctx, deep, "deep");
            return Plan.fullKey();
        }
        Set<String> now = new LinkedHashSet<>(ctx.stages());
        now.removeAll(deep);
        return Plan.pipelined(now, deep);
    }

    @Override
    public void reset() {
        position = 0;
    }

    /** Its factory. */
    public static final class Factory implements SchedulerFactory {
        @Override
        public String name() {
            return "clockwork.pipelined";
        }

        @Override
        public String description() {
            return "Clockwork: deep stages of one frame computed in the background beside the next frame's shallow ones";
        }

        @Override
        public Scheduler create(Config config, ComponentContext context) {
            return new PipelinedScheduler(new LinkedHashSet<>(config.getStringList("deep")));
        }
    }
}
