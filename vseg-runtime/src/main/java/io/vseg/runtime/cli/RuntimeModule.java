package io.vseg.runtime.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import io.vseg.runtime.plugin.PluginRegistry;

/**
 * Wires the runtime's services around the plugin registry, which {@link Main} discovers before any injection
 * (so that no plugin can break the wiring).
 */
final class RuntimeModule extends AbstractModule {
    private final PluginRegistry registry;

    RuntimeModule(PluginRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void configure() {
        Multibinder<Command> commands = Multibinder.newSetBinder(binder(), Command.class);
        commands.addBinding().to(RunCommand.class);
        commands.addBinding().to(PluginsCommand.class);
        commands.addBinding().to(MeasureCommand.Bench.class);
        commands.addBinding().to(MeasureCommand.Eval.class);
        commands.addBinding().to(AblateCommand.class);
        commands.addBinding().to(TrainCommand.class);
        commands.addBinding().to(ProfileCommand.class);
        commands.addBinding().to(CheckCommand.class);
    }

    @Provides
    PluginRegistry registry() {
        return registry;
    }
}
