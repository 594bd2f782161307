package io.vseg.runtime.plugin;

import static java.util.Objects.requireNonNull;

/**
 * A plugin, or one component of it, that was not loaded; everything else loads regardless.
 *
 * @param source where it came from: the plugin jar's file name, or {@code module path (module m)}
 * @param cause  one line saying why
 */
public record PluginProblem(String source, String cause) {
    public PluginProblem {
        requireNonNull(source, "source is null");
        requireNonNull(cause, "cause is null");
    }

    @Override
    public String toString() {
        return "plugin " + source + " not loaded: " + cause;
    }
}
