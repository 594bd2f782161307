package io.vseg.runtime.video;

import io.vseg.api.ObjectMasks;
import io.vseg.api.SequenceInputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

    /**
     * The object ids of a DAVIS mask as read by {@link LabelPngs#read}, in place: a binary mask (0 / 255, DAVIS
     * 2016) is object 1 on background 0; a palette mask's indices are the object ids already (DAVIS 2017).
     */
    public static int[] objectIds(int[] values) {
        for (int x : values) {
            if (x != 0 && x != 255) {
                return values;
            }
        }
        for (int i = 0; i < values.length; i++) {
            values[i] = values[i] == 255 ? 1 : 0;
        }
        return values;
    }

    /**
     * The object masks in a mask PNG (a DAVIS annotation or a file given with {@code --masks}), for frame
     * {@code frameIndex}. @throws IOException naming the file
     */
    public static ObjectMasks masks(Path png, int frameIndex) throws IOException {
        LabelPngs.LabelImage image = LabelPngs.read(png);
        try {
            return ObjectMasks.of(frameIndex, image.width(), image.height(), objectIds(image.values()));
        } catch (IllegalArgumentException e) {
            throw new IOException(png + ": " + e.getMessage(), e);
        }
    }

    /**
     * What comes with a DAVIS sequence: its first frame's annotation as object masks, if annotated (of its
     * frames' size: the first frame is decoded to check it).
     * @throws IOException naming the file
     */
    public static SequenceInputs inputs(Path root, String sequence) throws IOException {
        Path dir = annotations(root, sequence);
        if (!Files.isDirectory(dir)) {
            return new SequenceInputs(sequence, Optional.empty());
        }
        Optional<Path> first;
        try (Stream<Path> s = Files.list(dir)) {
            first = s.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().findFirst();
        }
        if (first.isEmpty()) {
            return new SequenceInputs(sequence, Optional.empty());
        }
        ObjectMasks masks = masks(first.get(), 0);
        Path images = images(root, sequence);
        if (Files.isDirectory(images)) {
            // The first frame decoded as a run decodes it (the same size whatever the file's header says).
            Optional<io.vseg.api.Frame> frame;
            try (FrameSource source = new ImageFolderSource(images)) {
                frame = source.next();
            } catch (IllegalArgumentException | IOException e) {
                frame = Optional.empty(); // no frame to check against: reading the frames says why
            }
            if (frame.isPresent() && (frame.get().width() != masks.width()
                    || frame.get().height() != masks.height())) {
                throw new IOException(first.get() + ": object masks of " + masks.width() + "x" + masks.height()
                        + ", the frames of sequence '" + sequence + "' are " + frame.get().width() + "x"
                        + frame.get().height());
            }
        }
        return SequenceInputs.of(sequence, masks);
    }

    /** The sequence names, sorted. */
    public static List<String> sequences(Path root) {
        Path images = images(root, "");
        if (!Files.isDirectory(images)) {
            throw new IllegalArgumentException(root + ": not a DAVIS root, it has no folder " + images);
        }
        try (Stream<Path> s = Files.list(images)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list DAVIS sequences under " + root, e);
        }
    }
}
