package io.vseg.plugin.clockwork;

import io.vseg.api.spi.Plugin;
import io.vseg.api.spi.SchedulerFactory;
import java.util.List;

/** The Clockwork schedulers. */
public final class ClockworkPlugin implements Plugin {
    @Override
    public String name() {
        return "clockwork";
    }

    @Override
    public List<SchedulerFactory> schedulers() {
        return List.of(new FixedClockScheduler.Factory(), new AdaptiveClockScheduler.Factory(),
                new PipelinedScheduler.Factory());
    }
}
