package io.vseg.runtime.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.vseg.runtime.config.ConfigProblem;
import io.vseg.runtime.pipeline.FrameException;
import io.vseg.runtime.pipeline.SequenceException;
import io.vseg.runtime.plugin.PluginRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
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
        boolean stackTrace = rest.remove("--stacktrace");
        String env = System.getenv("VSEG_PLUGINS");
        boolean named = env != null && !env.isBlank();
        Path plugins = Path.of(named ? env : "plugins");
        if (rest.size() >= 2 && rest.get(0).equals("--plugins")) {
            plugins = Path.of(rest.get(1));
            named = true;
            rest = rest.subList(2, rest.size());
        }
        boolean help = rest.isEmpty() || rest.get(0).equals("--help") || rest.get(0).equals("-h")
                || rest.get(0).equals("help");
        PluginRegistry registry;
        try {
            // Discovery comes before any injection, and reports each plugin's failure itself instead of throwing:
            // nothing a plugin does can break the command line as a whole.
            registry = PluginRegistry.discover(plugins, named && !help);
        } catch (RuntimeException e) {
            err.println("vseg: " + e.getMessage());
            return 1;
        }
        Map<String, Command> commands = commands(Guice.createInjector(new RuntimeModule(registry)));
        if (help) {
            out.print(usage(commands));
            return rest.isEmpty() ? 2 : 0;
        }
        String name = rest.get(0);
        Command command = commands.get(name);
        if (command == null) {
            err.println("vseg: unknown command '" + name + "'; commands: " + String.join(", ", commands.keySet()));
            return 2;
        }
        if (!command.name().equals("plugins")) {
            // A plugin that did not load, or a component name that another plugin took first, is said on every
            // command, one line each (vseg plugins lists them itself).
            registry.problems().forEach(p -> err.println("vseg: warning: " + p));
        }
        try {
            return command.run(rest.subList(1, rest.size()), out, err, stackTrace);
        } catch (UsageException e) {
            err.println("vseg " + command.name() + ": " + e.getMessage() + " (see vseg " + command.name() + " --help)");
            return 2;
        } catch (ConfigProblem | SequenceException | FrameException | IOException | UncheckedIOException
                 | IllegalArgumentException e) {
            err.println("vseg " + command.name() + ": " + message(e));
            if (stackTrace) {
                e.printStackTrace(err);
            }
            return 1;
        } catch (Exception | LinkageError e) {
            // Not a message written for the user: it may span lines (OpenCV's end in one).
            err.println("vseg " + command.name() + ": unexpected " + e.getClass().getSimpleName() + ": "
                    + String.valueOf(e.getMessage()).strip().replace('\n', ' ')
                    + (stackTrace ? "" : " (--stacktrace shows where)"));
            if (stackTrace) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    private static Map<String, Command> commands(Injector injector) {
        Map<String, Command> commands = new TreeMap<>();
        injector.getInstance(Key.get(new TypeLiteral<Set<Command>>() { })).forEach(c -> commands.put(c.name(), c));
        return commands;
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
                                (default: $VSEG_PLUGINS, else ./plugins if it exists)
                --stacktrace    print the whole stack trace of an error (anywhere on the line)
                """);
        return sb.toString();
    }

    /**
     * A user error's message. An {@link UncheckedIOException} wrapping an {@link IOException} says what the latter
     * says (its own message is the cause's {@code toString()}, class name first); the JDK's file system exceptions
     * name the file alone when they have no reason, so the reason is said from their type.
     */
    static String message(Exception e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null
                && String.valueOf(u.getMessage()).equals(u.getCause().toString())) {
            return message(u.getCause());
        }
        if (e instanceof FileSystemException f && f.getReason() == null) {
            String why = switch (f) {
                case FileAlreadyExistsException x -> "exists already (a file where a folder was to be?)";
                case NoSuchFileException x -> "no such file or folder";
                case NotDirectoryException x -> "not a folder";
                case AccessDeniedException x -> "permission denied";
                case DirectoryNotEmptyException x -> "folder not empty";
                default -> e.getClass().getSimpleName();
            };
            return f.getMessage() + ": " + why;
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    static int parseInt(String value, String option) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a whole number, got '" + value + "'");
        }
    }
}
