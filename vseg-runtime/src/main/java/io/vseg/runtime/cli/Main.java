package io.vseg.runtime.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.vseg.runtime.config.ConfigProblem;
import io.vseg.runtime.pipeline.SequenceException;
import io.vseg.runtime.plugin.PluginConflictException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code vseg} command line. Errors the user can fix (configuration, input, plugins) are printed as one
 * line and exit with status 1; usage errors exit with 2.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] argv) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(List.of(argv), System.out, System.err));
    }

    /** Runs the command line and returns the exit status (for tests and embedding). */
    public static int run(List<String> argv, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(argv);
        Path plugins = Path.of(System.getenv().getOrDefault("VSEG_PLUGINS", "plugins"));
        if (rest.size() >= 2 && rest.get(0).equals("--plugins")) {
            plugins = Path.of(rest.get(1));
            rest = rest.subList(2, rest.size());
        }
        Injector injector = Guice.createInjector(new RuntimeModule(plugins));
        Map<String, Command> commands = new TreeMap<>();
        injector.getInstance(Key.get(new TypeLiteral<Set<Command>>() { }))
                .forEach(c -> commands.put(c.name(), c));
        if (rest.isEmpty() || rest.get(0).equals("--help") || rest.get(0).equals("-h") || rest.get(0).equals("help")) {
            out.print(usage(commands));
            return rest.isEmpty() ? 2 : 0;
        }
        Command command = commands.get(rest.get(0));
        if (command == null) {
            err.println("vseg: unknown command '" + rest.get(0) + "'; commands: " + String.join(", ", commands.keySet()));
            return 2;
        }
        try {
            return command.run(rest.subList(1, rest.size()), out, err);
        } catch (UsageException e) {
            err.println("vseg " + command.name() + ": " + e.getMessage() + " (see vseg " + command.name() + " --help)");
            return 2;
        } catch (ConfigProblem | SequenceException | PluginConflictException e) {
            err.println("vseg " + command.name() + ": " + e.getMessage());
            return 1;
        } catch (java.io.IOException | java.io.UncheckedIOException | IllegalArgumentException e) {
            err.println("vseg " + command.name() + ": " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("vseg " + command.name() + ": unexpected " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    private static String usage(Map<String, Command> commands) {
        StringBuilder sb = new StringBuilder("""
                vseg: video semantic segmentation with swappable key-frame methods

                Usage: vseg [--plugins DIR] COMMAND [options]     (COMMAND --help for its options)

                Commands:
                """);
        commands.values().stream().sorted(Comparator.comparing(Command::name))
                .forEach(c -> sb.append(String.format("  %-10s %s%n", c.name(), c.summary())));
        sb.append("""

                --plugins DIR   folder of plugin jars, each loaded in its own module layer
                                (default: $VSEG_PLUGINS, else ./plugins)
                """);
        return sb.toString();
    }

    static int parseInt(String value, String option) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a whole number, got '" + value + "'");
        }
    }
}
