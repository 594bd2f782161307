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
}
