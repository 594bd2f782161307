package io.vseg.testkit;

import static java.util.Objects.requireNonNull;

import io.vseg.api.spi.ComponentContext;
import java.nio.file.Path;

/**
 * A {@link ComponentContext} for unit tests of factories: relative paths resolve against a folder the test
 * chooses (where the runtime would use the configuration file's folder), with a fixed thread count and key path.
 *
 * @param folder     what relative paths resolve against; the empty path leaves them as given (the working
 *                   directory, as for a configuration that came from no file)
 * @param threads    what {@link #threads()} answers
 * @param configPath what {@link #configPath()} answers, for messages
 */
public record FakeComponentContext(Path folder, int threads, String configPath) implements ComponentContext {

    public FakeComponentContext {
        requireNonNull(folder, "folder is null");
        requireNonNull(configPath, "configPath is null");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** Paths resolved against the working directory, one thread, {@code configPath} for messages. */
    public static FakeComponentContext of(String configPath) {
        return new FakeComponentContext(Path.of(""), 1, configPath);
    }

    /** Paths resolved against {@code folder}, one thread, {@code configPath} for messages. */
    public static FakeComponentContext in(Path folder, String configPath) {
        return new FakeComponentContext(folder, 1, configPath);
    }

    /** This context with another thread count. */
    public FakeComponentContext withThreads(int threads) {
        return new FakeComponentContext(folder, threads, configPath);
    }

    @Override
    public Path resolve(String path) {
        requireNonNull(path, "path is null");
        Path p = Path.of(path);
        return p.isAbsolute() ? p : folder.resolve(p);
    }
}
