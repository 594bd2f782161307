package io.vseg.plugin.dvsnet;

import io.vseg.api.spi.Plugin;
import io.vseg.api.spi.SchedulerFactory;
import io.vseg.api.spi.TrainerFactory;
import java.util.List;

/** DVSNet: the {@code dvsnet.confidence} scheduler and the trainer of its decision model. */
public final class DvsnetPlugin implements Plugin {
    @Override
    public String name() {
        return "dvsnet";
    }

    @Override
    public List<SchedulerFactory> schedulers() {
        return List.of(new ConfidenceScheduler.Factory());
    }

    @Override
    public List<TrainerFactory> trainers() {
        return List.of(new ConfidenceTrainer.Factory());
    }
}
