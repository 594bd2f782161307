package io.vseg.runtime.engine;

import io.vseg.api.spi.ComponentContext;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on model paths from configuration, with messages naming the key and the file. */
final class Models {
    private Models() {
    }

    /** The resolved path of an existing file given at {@code key}. */
    static Path existing(ComponentContext context, String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + ": required, the path of a model file");
        }
        Path p = context.resolve(value);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(key + ": model file not found: " + p
                    + (p.toString().contains("models") ? " (run scripts/setup.sh to fetch the bundled models)" : ""));
        }
        return p;
    }
}
