package io.vseg.runtime.component;

import com.typesafe.config.Config;
import io.vseg.api.FrameContext;
import io.vseg.api.Plan;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.Scheduler;
import io.vseg.api.spi.SchedulerFactory;

/** Runs the whole network on every frame: the baseline every method is measured against. */
public final class EveryFrameScheduler implements Scheduler {
    public static final String NAME = "every-frame";

    @Override
    public Plan plan(FrameContext ctx) {
        return Plan.fullKey();
    }

    @Override
    public boolean resumableAtKey() {
        return true; // it remembers nothing
    }

    /** Its factory. */
    public static final class Factory implements SchedulerFactory {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "every frame is a key frame: per-frame inference, the baseline";
        }

        @Override
        public Scheduler create(Config config, ComponentContext context) {
            return new EveryFrameScheduler();
        }
    }
}
