package io.vseg.api.spi;

import java.util.List;

/**
 * The entry point of a plugin module: lists the component factories the module contributes.
 * A module declares {@code provides io.vseg.api.spi.Plugin with MyPlugin;} and the runtime finds it with
 * {@link java.util.ServiceLoader}, on the module path or as a jar in the plugins folder.
 *
 * <p>Override only the lists your plugin contributes to. Component names must be unique across all
 * plugins; a clash is an error at discovery naming both modules.
 */
public interface Plugin {

    /** A short name for listings, such as {@code dff}. */
    String name();

    default List<ExtractorFactory> extractors() {
        return List.of();
    }

    default List<FlowEstimatorFactory> flowEstimators() {
        return List.of();
    }

    default List<SchedulerFactory> schedulers() {
        return List.of();
    }

    default List<PropagatorFactory> propagators() {
        return List.of();
    }

    default List<FuserFactory> fusers() {
        return List.of();
    }

    /** Trainers of the plugin's learned parts, run by {@code vseg train}. */
    default List<TrainerFactory> trainers() {
        return List.of();
    }
}
