package io.vseg.api.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Files written whole or not at all: the content goes to a hidden temporary file beside the target
 * ({@code .<name>.<random>.tmp}, same folder, so the same file system), which is then renamed over the target in
 * one step. A process killed at any instant leaves either the old file or the new one, never half of one; at most a
 * temporary file stays behind, which {@link #removeLeftovers(Path)} clears. The files vseg and its first-party
 * plugins write (labels, run records, reports, study rows and tables, plots, models, cards) go through here; the
 * exceptions are a run's trace, appended line by line, and its overlay video, encoded under its own hidden name and
 * renamed by {@link #rename} when finished.
 *
 * <p>The guarantee is against a process that dies (a crash, {@code kill -9}); the data is not forced to the disk,
 * so a power cut may still lose the newest files.
 */
public final class AtomicFiles {
    private static final String SUFFIX = ".tmp";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Writes a file at the path it is given. */
    @FunctionalInterface
    public interface Writer {
        void write(Path file) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Has {@code writer} write a temporary file, then renames it to {@code target}, replacing any file there.
     * On failure the temporary file is removed and the target is untouched.
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path tmp = temporary(target);
        try {
            writer.write(tmp);
            move(tmp, target);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Writes {@code text} (UTF-8) to {@code target} whole or not at all. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /**
     * Has {@code writer} write files into a hidden temporary folder inside {@code folder}, then moves each of them into
     * {@code folder} (created if needed) by rename, replacing files of the same name: for writers that name their
     * files themselves, such as a deep-learning library saving its parameters. Each file arrives whole.
     */
    public static void writeInto(Path folder, Writer writer) throws IOException {
        Files.createDirectories(folder);
        Path tmp = Files.createDirectory(folder.resolve("." + folder.getFileName() + "." + Long.toUnsignedString(
                RANDOM.nextLong(), 36) + SUFFIX));
        try {
            writer.write(tmp);
            List<Path> written;
            try (Stream<Path> files = Files.list(tmp)) {
                written = files.sorted().toList();
            }
            for (Path f : written) {
                if (Files.isDirectory(f)) {
                    throw new IOException(folder + ": the writer made a sub-folder " + f.getFileName()
                            + "; only files are moved");
                }
                move(f, folder.resolve(f.getFileName().toString()));
            }
        } finally {
            deleteTree(tmp);
        }
    }

    /** Removes the temporary files a killed writer left in {@code folder} (not in its sub-folders). */
    public static int removeLeftovers(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        List<Path> left = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(AtomicFiles::isTemporary).forEach(left::add);
        }
        for (Path p : left) {
            deleteTree(p);
        }
        return left.size();
    }

    /**
     * Whether {@code file} is one of the temporary files (or folders) written here: {@code .<name>.<random>.tmp},
     * the random part in base 36 (a user's own {@code .notes.tmp} does not match).
     */
    public static boolean isTemporary(Path file) {
        return TEMPORARY.matcher(file.getFileName().toString()).matches();
    }

    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9a-z]{1,13}\\.tmp");

    /** A new empty file beside {@code target}, made as any file is (unlike a temporary file's owner-only mode). */
    private static Path temporary(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        while (true) {
            try {
                return Files.createFile(dir.resolve("." + target.getFileName() + "."
                        + Long.toUnsignedString(RANDOM.nextLong(), 36) + SUFFIX));
            } catch (FileAlreadyExistsException e) {
                // another writer's name: draw again
            }
        }
    }

    /**
     * Renames {@code from} (a finished temporary file in the same folder) to {@code to}, replacing it, in one step
     * where the file system can.
     */
    public static void rename(Path from, Path to) throws IOException {
        move(from, to);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same folder, so this is rare (some network file systems): a plain replace is the best there is.
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(q -> {
                try {
                    Files.deleteIfExists(q);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
