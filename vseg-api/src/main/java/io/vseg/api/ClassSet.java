package io.vseg.api;

import java.util.List;

/**
 * The classes a model predicts, by index, and the label that marks pixels to ignore in evaluation.
 *
 * @param names     class names; index i is label i
 * @param voidLabel label value excluded from metrics (e.g. 255), outside {@code [0, names.size())}
 */
public record ClassSet(List<String> names, int voidLabel) {
    /** The void label used when none is given. */
    public static final int DEFAULT_VOID = 255;

    public ClassSet {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a class set needs at least one class");
        }
        if (voidLabel >= 0 && voidLabel < names.size()) {
            throw new IllegalArgumentException("void label " + voidLabel + " is a class index");
        }
    }

    public static ClassSet of(String... names) {
        return new ClassSet(List.of(names), DEFAULT_VOID);
    }

    public int size() {
        return names.size();
    }

    public String name(int label) {
        return names.get(label);
    }

    /** Index of the named class. @throws IllegalArgumentException naming the classes */
    public int indexOf(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no class '" + name + "'; classes: " + names);
        }
        return i;
    }
}
