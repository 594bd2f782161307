package io.vseg.runtime.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the calls into a pipeline's components so that a failure names the component it came from: the slot, the
 * component's name and its module, and the exception's type, in one line. A linkage error (a plugin built against
 * another vseg-api) is named the same way instead of escaping as an {@link Error}. The innermost component is
 * named: a fuser that fails inside the extractor it called reports the extractor.
 */
final class ComponentGuard {

    /** Where a failure came from. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Map<String, String> types;
    private final Map<String, String> modules;

    /**
     * @param types   component name per slot ({@code fuser -> netwarp})
     * @param modules providing module per slot
     */
    ComponentGuard(Map<String, String> types, Map<String, String> modules) {
        this.types = Map.copyOf(requireNonNull(types, "types is null"));
        this.modules = Map.copyOf(requireNonNull(modules, "modules is null"));
    }

    <T> T call(String slot, Supplier<T> work) {
        try {
            return work.get();
        } catch (Failure e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new Failure(name(slot) + ": " + describe(e), e);
        }
    }

    void run(String slot, Runnable work) {
        call(slot, () -> {
            work.run();
            return null;
        });
    }

    /** {@code fuser netwarp (module io.vseg.plugin.netwarp)}, or the slot alone where the pipeline was built bare. */
    String name(String slot) {
        String type = types.get(slot);
        String module = modules.get(slot);
        return slot + (type == null ? "" : " " + type) + (module == null ? "" : " (module " + module + ")");
    }

    /** {@code Type: message}, one line; a linkage error says what it likely means. */
    static String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().replace('\n', ' ');
        String type = e.getClass().getSimpleName();
        return e instanceof LinkageError ? type + message + " (built against another vseg-api?)" : type + message;
    }
}
