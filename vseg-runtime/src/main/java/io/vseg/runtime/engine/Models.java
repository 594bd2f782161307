package io.vseg.runtime.engine;

import com.typesafe.config.Config;
import io.vseg.api.ClassSet;
import io.vseg.api.spi.ComponentContext;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on model paths from configuration, with messages naming the key and the file. */
final class Models {
    private Models() {
    }

    /** The largest network input side: 8192 pixels, so that a frame's input (3 floats a pixel) fits one buffer. */
    static final int MAX_INPUT_SIDE = 8192;

    /** A network input width or height given at {@code key}: 1 to {@value #MAX_INPUT_SIDE} pixels. */
    static int inputSide(Config c, String key, String where) {
        int value = c.getInt(key);
        if (value < 1 || value > MAX_INPUT_SIDE) {
            throw new IllegalArgumentException(where + ": must be 1 to " + MAX_INPUT_SIDE + " pixels, got " + value);
        }
        return value;
    }

    /** The network's classes, at {@code classes}. */
    static ClassSet classes(Config c) {
        try {
            return new ClassSet(c.getStringList("classes"), ClassSet.DEFAULT_VOID);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("classes: " + e.getMessage(), e);
        }
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
