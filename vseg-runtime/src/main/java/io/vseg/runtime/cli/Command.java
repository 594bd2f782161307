package io.vseg.runtime.cli;

import java.io.PrintStream;
import java.util.List;

/** One {@code vseg} sub-command. */
interface Command {

    /** The word after {@code vseg}. */
    String name();

    /** One line for {@code vseg --help}. */
    String summary();

    /** The full help text: usage and options. */
    String help();

    /** Runs the command; returns the process exit code. */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;

    /**
     * Runs the command with {@code --stacktrace} given ({@code stackTrace}): a command that reports failures itself
     * and goes on (rather than throwing them to {@link Main}) prints their traces then.
     */
    default int run(List<String> args, PrintStream out, PrintStream err, boolean stackTrace) throws Exception {
        return run(args, out, err);
    }
}
