package io.vseg.runtime.cli;

/** A command line that does not fit the command; printed with a pointer to {@code --help}. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
