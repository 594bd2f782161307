package io.vseg.runtime.plugin;

/** Two plugins provide components of the same name. */
public final class PluginConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PluginConflictException(String message) {
        super(message);
    }
}
