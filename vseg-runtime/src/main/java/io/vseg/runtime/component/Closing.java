package io.vseg.runtime.component;

import java.util.List;

/**
 * Closing parts together (a pipeline's components, a chain's members): every part that is {@link AutoCloseable} is
 * closed, whatever the others do. The runtime's own: plugins close what they hold themselves.
 */
public final class Closing {
    private Closing() {
    }

    /**
     * Closes each of {@code parts} that is {@link AutoCloseable} (a null is not), in order, whatever the others throw.
     * Then the first {@link Error} is thrown if there was one, else the first exception, with the other failures
     * suppressed in it; a checked exception comes wrapped in an {@link IllegalStateException} naming the part's class
     * (an interrupt's flag set again).
     */
    public static void all(List<?> parts) {
        RuntimeException first = null;
        Error error = null;
        for (Object part : parts) {
            if (!(part instanceof AutoCloseable c)) {
                continue;
            }
            try {
                c.close();
            } catch (RuntimeException e) {
                first = keep(first, e);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                first = keep(first, new IllegalStateException("closing " + part.getClass().getSimpleName() + ": "
                        + e.getMessage(), e));
            } catch (Error e) {
                if (error == null) {
                    error = e;
                } else {
                    error.addSuppressed(e);
                }
            }
        }
        if (error != null) {
            if (first != null) {
                error.addSuppressed(first);
            }
            throw error;
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Closes {@code parts} as {@link #all} does, after {@code failure} made them useless: what closing throws is
     * suppressed in {@code failure}, which the caller then throws.
     */
    public static void afterFailure(List<?> parts, Throwable failure) {
        try {
            all(parts);
        } catch (RuntimeException | Error e) {
            failure.addSuppressed(e);
        }
    }

    private static RuntimeException keep(RuntimeException first, RuntimeException e) {
        if (first == null) {
            return e;
        }
        first.addSuppressed(e);
        return first;
    }
}
