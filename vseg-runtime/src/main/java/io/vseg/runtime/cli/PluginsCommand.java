package io.vseg.runtime.cli;

import io.vseg.runtime.plugin.PluginProblem;
import io.vseg.runtime.plugin.PluginRegistry;
import io.vseg.runtime.plugin.RegisteredComponent;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code vseg plugins}: every component with its kind, module and description, and jars that failed. */
final class PluginsCommand implements Command {
    private final Provider<PluginRegistry> registry;

    @Inject
    PluginsCommand(Provider<PluginRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "plugins";
    }

    @Override
    public String summary() {
        return "list every component: name, kind, module, description";
    }

    @Override
    public String help() {
        return """
                Usage: vseg plugins [--from]

                Lists the components found on the module path and in the plugins folder (--plugins before the
                command, or VSEG_PLUGINS; default ./plugins): name, kind, providing module, description.
                Plugins and components that could not be loaded are listed after them, one line each with the
                reason; the exit status is then 1.

                Options:
                  --from   add where each component came from: the module path, or a jar of the plugins folder
                """;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args args = Args.parse(argv, Set.of(), Set.of("from"));
        if (args.help()) {
            out.print(help());
            return 0;
        }
        PluginRegistry r = registry.get();
        List<RegisteredComponent> all = r.all();
        int nameWidth = Math.max(4, all.stream().mapToInt(c -> c.name().length()).max().orElse(4));
        int moduleWidth = Math.max(6, all.stream().mapToInt(c -> c.module().length()).max().orElse(6));
        boolean from = args.flag("from");
        int fromWidth = Math.max(4, all.stream().mapToInt(c -> c.source().length()).max().orElse(4));
        String format = "%-" + nameWidth + "s  %-10s  %-" + moduleWidth + "s  " + (from ? "%-" + fromWidth + "s  " : "%s")
                + "%s%n";
        out.printf(format, "NAME", "KIND", "MODULE", from ? "FROM" : "", "DESCRIPTION");
        for (RegisteredComponent c : all) {
            out.printf(format, c.name(), c.kind().slot(), c.module(), from ? c.source() : "", c.factory().description());
        }
        for (PluginProblem p : r.problems()) {
            err.println("vseg plugins: " + p);
        }
        return r.problems().isEmpty() ? 0 : 1;
    }
}
