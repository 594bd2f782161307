package io.vseg.runtime.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import io.vseg.runtime.plugin.PluginRegistry;
import java.nio.file.Path;

/**
 * Wires the runtime's services. The plugin registry is discovered once, on first use, from the plugins
 * folder given on the command line.
 */
final class RuntimeModule extends AbstractModule {
    private final Path pluginsDir;

    RuntimeModule(Path pluginsDir) {
        this.pluginsDir = pluginsDir;
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
    }

    @Provides
    @Singleton
    PluginRegistry registry() {
        return PluginRegistry.discover(pluginsDir);
    }
}
