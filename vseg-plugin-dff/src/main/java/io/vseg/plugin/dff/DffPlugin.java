package io.vseg.plugin.dff;

import io.vseg.api.spi.Plugin;
import io.vseg.api.spi.PropagatorFactory;
import io.vseg.api.spi.SchedulerFactory;
import java.util.List;

/** Deep Feature Flow: the {@code dff.interval} scheduler and the {@code dff.flow-warp} propagator. */
public final class DffPlugin implements Plugin {

    @Override
    public String name() {
        return "dff";
    }

    @Override
    public List<SchedulerFactory> schedulers() {
        return List.of(new IntervalScheduler.Factory());
    }

    @Override
    public List<PropagatorFactory> propagators() {
        return List.of(new FlowWarpPropagator.Factory());
    }
}
