package io.vseg.runtime.video;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The DAVIS layout: {@code JPEGImages/480p/<sequence>/00000.jpg} and {@code Annotations/480p/<sequence>/00000.png}. */
public final class Davis {
    private Davis() {
    }

    public static Path images(Path root, String sequence) {
        return root.resolve("JPEGImages").resolve("480p").resolve(sequence);
    }

    public static Path annotations(Path root, String sequence) {
        return root.resolve("Annotations").resolve("480p").resolve(sequence);
    }

    /** The sequence names, sorted. */
    public static List<String> sequences(Path root) {
        try (Stream<Path> s = Files.list(root.resolve("JPEGImages").resolve("480p"))) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list DAVIS sequences under " + root, e);
        }
    }
}
