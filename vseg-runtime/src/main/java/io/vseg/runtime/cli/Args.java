package io.vseg.runtime.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of the form {@code --name value} and {@code --flag}, checked against what a command
 * accepts. Errors are {@link UsageException}s naming the option.
 */
final class Args {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {
    }

    /**
     * The options of a command that takes no other argument: a word that is not an option (a path without its
     * {@code --input}, say) is an error naming it, not something quietly ignored.
     *
     * @param options options that take a value
     * @param flags   options without a value
     */
    static Args parse(List<String> argv, Set<String> options, Set<String> flags) {
        return parse(argv, options, flags, 0);
    }

    /**
     * @param options     options that take a value
     * @param flags       options without a value
     * @param positionals how many other arguments the command takes, at most
     */
    static Args parse(List<String> argv, Set<String> options, Set<String> flags, int positionals) {
        Args a = new Args();
        for (int i = 0; i < argv.size(); i++) {
            String s = argv.get(i);
            if (s.equals("--help") || s.equals("-h")) {
                a.values.put("help", "true");
            } else if (s.startsWith("--")) {
                String name = s.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq > 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flags.contains(name)) {
                    a.values.put(name, "true");
                } else if (options.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= argv.size()) {
                            throw new UsageException("--" + name + " needs a value");
                        }
                        value = argv.get(++i);
                        String next = value.startsWith("--") ? value.substring(2).split("=", 2)[0] : "";
                        if (options.contains(next) || flags.contains(next) || next.equals("help")
                                || value.equals("-h")) {
                            throw new UsageException("--" + name + " needs a value, got the option " + value);
                        }
                    }
                    if (value.isBlank()) {
                        // An empty path would name the working directory: "--output ''" would write into it.
                        throw new UsageException("--" + name + " needs a value, got '" + value + "'");
                    }
                    a.values.put(name, value);
                } else {
                    throw new UsageException("unknown option --" + name);
                }
            } else {
                a.positional.add(s);
            }
        }
        if (a.positional.size() > positionals && !a.help()) {
            String extra = a.positional.get(positionals);
            throw new UsageException("'" + extra + "' is not an option"
                    + (extra.startsWith("-") ? "" : " (options start with --)") + " and the command takes "
                    + (positionals == 0 ? "no other argument" : "only " + positionals + " other argument"
                    + (positionals == 1 ? "" : "s")));
        }
        return a;
    }

    boolean help() {
        return values.containsKey("help");
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String require(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException("--" + name + " is required");
        }
        return v;
    }

    List<String> positional() {
        return positional;
    }
}
