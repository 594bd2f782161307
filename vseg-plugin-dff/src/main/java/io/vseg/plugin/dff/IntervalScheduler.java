package io.vseg.plugin.dff;

import com.typesafe.config.Config;
import io.vseg.api.FrameContext;
import io.vseg.api.Plan;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.Scheduler;
import io.vseg.api.spi.SchedulerFactory;

/** DFF's schedule: a full key frame every {@code interval} frames of a sequence, propagation in between. */
public final class IntervalScheduler implements Scheduler {
    private final int interval;
    private int position;

    public IntervalScheduler(int interval) {
        if (interval < 1) {
            throw new IllegalArgumentException("interval: must be >= 1, got " + interval);
        }
        this.interval = interval;
    }

    @Override
    public Plan plan(FrameContext ctx) {
        int i = position++;
        return i % interval == 0 ? Plan.fullKey() : Plan.propagate();
    }

    @Override
    public void reset() {
        position = 0;
    }

    @Override
    public boolean resumableAtKey() {
        return true;
    }

    /** Its factory. */
    public static final class Factory implements SchedulerFactory {
        @Override
        public String name() {
            return "dff.interval";
        }

        @Override
        public String description() {
            return "DFF: a key frame every `interval` frames, propagation in between";
        }

        @Override
        public Scheduler create(Config config, ComponentContext context) {
            return new IntervalScheduler(config.getInt("interval"));
        }
    }
}
