package io.vseg.runtime.plugin;

import java.nio.file.Path;

/**
 * A plugin jar that could not be loaded; the other plugins load regardless.
 *
 * @param jar   the file
 * @param cause one line saying why
 */
public record PluginProblem(Path jar, String cause) {
    @Override
    public String toString() {
        return "plugin " + jar.getFileName() + " not loaded: " + cause;
    }
}
