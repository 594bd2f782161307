package io.vseg.runtime.config;

/**
 * A configuration that cannot be used. The message is one line naming the file (and line), the key path
 * and what is wrong, and for unknown names the ones available.
 */
public final class ConfigProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigProblem(String message) {
        super(message);
    }

    public ConfigProblem(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * {@code e}'s message on one line: Typesafe Config's parse errors quote the text they stopped at, which in a
     * garbled file may hold line breaks and other control characters.
     */
    public static String oneLine(Throwable e) {
        return String.valueOf(e.getMessage()).replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
    }
}
