package io.vseg.runtime.video;

import io.vseg.api.Frame;
import io.vseg.api.Image;
import io.vseg.runtime.opencv.Mats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The images of a folder (JPEG or PNG), in file-name order: a DAVIS sequence ({@code JPEGImages/480p/<seq>})
 * or any folder of frames. Frame names are the file names without extension.
 */
public final class ImageFolderSource implements FrameSource {
    private static final double DEFAULT_FPS = 24;

    private final Path folder;
    private final List<Path> files;
    private int position;
    private Image first;

    public ImageFolderSource(Path folder) {
        this.folder = folder;
        try (Stream<Path> s = Files.list(folder)) {
            this.files = s.filter(ImageFolderSource::isImage).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(folder + ": no .jpg or .png images in this folder");
        }
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png"));
    }

    /** The image files, in order. */
    public List<Path> files() {
        return files;
    }

    @Override
    public String name() {
        return folder.getFileName().toString();
    }

    @Override
    public Optional<Frame> next() throws IOException {
        if (position >= files.size()) {
            return Optional.empty();
        }
        Path file = files.get(position);
        Image image = read(file);
        if (first == null) {
            first = image;
        } else if (image.width() != first.width() || image.height() != first.height()) {
            throw new IOException(file + ": frame " + position + " is " + image.width() + "x" + image.height()
                    + " but the sequence is " + first.width() + "x" + first.height());
        }
        Frame f = new Frame(position, Math.round(position * 1e6 / DEFAULT_FPS), image);
        position++;
        return Optional.of(f);
    }

    /** Reads one image file as RGB. @throws IOException naming the file */
    public static Image read(Path file) throws IOException {
        try (Mat bgr = opencv_imgcodecs.imread(file.toString(), opencv_imgcodecs.IMREAD_COLOR)) {
            if (bgr == null || bgr.empty()) {
                throw new IOException(file + ": not a readable image");
            }
            return Mats.toImage(bgr, true);
        }
    }

    @Override
    public String frameName(int index) {
        String n = files.get(index).getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }

    @Override
    public int frameCount() {
        return files.size();
    }

    @Override
    public double frameRate() {
        return DEFAULT_FPS;
    }

    @Override
    public void close() {
    }
}
