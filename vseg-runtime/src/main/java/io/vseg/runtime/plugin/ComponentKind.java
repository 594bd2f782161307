package io.vseg.runtime.plugin;

import io.vseg.api.spi.ExtractorFactory;
import io.vseg.api.spi.FlowEstimatorFactory;
import io.vseg.api.spi.FuserFactory;
import io.vseg.api.spi.Plugin;
import io.vseg.api.spi.PropagatorFactory;
import io.vseg.api.spi.SchedulerFactory;
import io.vseg.api.spi.TrainerFactory;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The kinds of component a plugin lists: the five a pipeline is made of, each with its slot name in
 * {@code vseg.pipeline}, and trainers, which {@code vseg train} runs and which have their own namespace.
 */
public enum ComponentKind {
    EXTRACTOR("extractor", Plugin::extractors),
    FLOW("flow", Plugin::flowEstimators),
    SCHEDULER("scheduler", Plugin::schedulers),
    PROPAGATOR("propagator", Plugin::propagators),
    FUSER("fuser", Plugin::fusers),
    TRAINER("trainer", Plugin::trainers);

    private static final List<ComponentKind> SLOTS = Arrays.stream(values()).filter(k -> k != TRAINER).toList();

    private final String slot;
    private final Function<Plugin, List<?>> factories;

    ComponentKind(String slot, Function<Plugin, List<?>> factories) {
        this.slot = slot;
        this.factories = factories;
    }

    /** The kinds that fill a slot of {@code vseg.pipeline}, in slot order (every kind but trainers). */
    public static List<ComponentKind> slots() {
        return SLOTS;
    }

    /** The key under {@code vseg.pipeline} that configures this kind, e.g. {@code scheduler}. */
    public String slot() {
        return slot;
    }

    List<?> factoriesOf(Plugin plugin) {
        List<?> list = factories.apply(plugin);
        return list == null ? List.of() : list;
    }

    /** Compile-time links between kinds and factory types, for the casts in {@link PluginRegistry}. */
    static Class<?> factoryType(ComponentKind kind) {
        return switch (kind) {
            case EXTRACTOR -> ExtractorFactory.class;
            case FLOW -> FlowEstimatorFactory.class;
            case SCHEDULER -> SchedulerFactory.class;
            case PROPAGATOR -> PropagatorFactory.class;
            case FUSER -> FuserFactory.class;
            case TRAINER -> TrainerFactory.class;
        };
    }
}
