package io.vseg.testkit;

import com.typesafe.config.Config;
import io.vseg.api.Features;
import io.vseg.api.FrameContext;
import io.vseg.api.KeyState;
import io.vseg.api.Plan;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.Plugin;
import io.vseg.api.spi.Propagator;
import io.vseg.api.spi.PropagatorFactory;
import io.vseg.api.spi.Scheduler;
import io.vseg.api.spi.SchedulerFactory;
import io.vseg.api.spi.Trainer;
import io.vseg.api.spi.TrainerFactory;
import java.util.List;

/**
 * A plugin that keeps every rule of {@link PluginContract}: a scheduler keying every {@code period} frames, a
 * propagator named as the plugin itself, and a trainer sharing the scheduler's name (trainers have their own
 * namespace). Its defaults are {@link #REFERENCE}.
 */
final class TinyPlugin implements Plugin {
    static final String REFERENCE = """
            vseg.components {
              "tiny.periodic" { period = 3 }
              tiny {}
            }
            vseg.trainers {
              "tiny.periodic" { epochs = 1 }
            }
            """;

    @Override
    public String name() {
        return "tiny";
    }

    @Override
    public List<SchedulerFactory> schedulers() {
        return List.of(new SchedulerFactory() {
            @Override
            public String name() {
                return "tiny.periodic";
            }

            @Override
            public String description() {
                return "a key frame every `period` frames";
            }

            @Override
            public Scheduler create(Config config, ComponentContext context) {
                return new Periodic(config.getInt("period"));
            }
        });
    }

    @Override
    public List<PropagatorFactory> propagators() {
        return List.of(new PropagatorFactory() {
            @Override
            public String name() {
                return "tiny";
            }

            @Override
            public String description() {
                return "the key frame's features as they are";
            }

            @Override
            public Propagator create(Config config, ComponentContext context) {
                return (KeyState key, FrameContext ctx) -> key.features().only(java.util.Set.of(Features.LOGITS));
            }
        });
    }

    @Override
    public List<TrainerFactory> trainers() {
        return List.of(new TrainerFactory() {
            @Override
            public String name() {
                return "tiny.periodic";
            }

            @Override
            public String description() {
                return "nothing to learn; writes no model";
            }

            @Override
            public Trainer create(Config config, ComponentContext context) {
                config.getInt("epochs");
                return training -> training.output();
            }
        });
    }

    /** A key every {@code period} frames of a sequence. */
    static final class Periodic implements Scheduler {
        private final int period;
        private int position;

        Periodic(int period) {
            if (period < 1) {
                throw new IllegalArgumentException("period: must be >= 1, got " + period);
            }
            this.period = period;
        }

        @Override
        public Plan plan(FrameContext ctx) {
            return position++ % period == 0 ? Plan.fullKey() : Plan.propagate();
        }

        @Override
        public void reset() {
            position = 0;
        }
    }
}
