package io.vseg.runtime.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datasets that are not what they should be are said in one line naming the folder or file. */
class DatasetsTest {
    @TempDir
    Path dir;

    @Test
    void aDavisRootWithoutSequencesOrWithout480pIsNamed() throws IOException {
        Path root = Files.createDirectories(dir.resolve("davis/JPEGImages/480p"));
        assertThatThrownBy(() -> Datasets.open(dir.resolve("davis"), null, 255, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir.resolve("davis") + ": no sequences in " + root);
        Files.delete(root);
        assertThatThrownBy(() -> Datasets.open(dir.resolve("davis"), null, 255, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir.resolve("davis") + ": not a DAVIS root, it has no folder " + root);
    }

    @Test
    void aMaskOfAnotherSizeThanItsFrameNamesTheMask() throws IOException {
        Path root = dir.resolve("davis");
        Files.createDirectories(root.resolve("JPEGImages/480p/bear"));
        Path mask = grey(root.resolve("Annotations/480p/bear/00000.png"), 24, 16);
        Dataset davis = Datasets.open(root, null, 255, null);

        assertThat(davis.labels("bear", "00000", 24, 16)).get().satisfies(v -> assertThat(v).hasSize(24 * 16));
        assertThatThrownBy(() -> davis.labels("bear", "00000", 48, 32))
                .isInstanceOf(IOException.class)
                .hasMessage(mask + ": labels of 24x16 for a frame of 48x32");
    }

    @Test
    void anUnreadableLabelFileIsNamed() throws IOException {
        Path frames = Files.createDirectories(dir.resolve("frames"));
        Path labels = Files.createDirectories(dir.resolve("labels"));
        Path garbage = Files.write(labels.resolve("00000.png"), new byte[] {1, 2, 3});
        Files.createDirectories(labels.resolve("00001.png"));
        Dataset dataset = Datasets.open(frames, labels, 255, null);

        assertThatThrownBy(() -> dataset.labels("frames", "00000", 48, 32))
                .isInstanceOf(IOException.class).hasMessage(garbage + ": not a readable PNG");
        // ImageIO's own message would not say which file: "Can't read input file!"
        assertThat(dataset.labels("frames", "00001", 48, 32)).isEmpty();
        Path davisMask = Files.createDirectories(dir.resolve("davis/Annotations/480p/bear/00000.png"));
        Files.createDirectories(dir.resolve("davis/JPEGImages/480p/bear"));
        assertThatThrownBy(() -> Datasets.open(dir.resolve("davis"), null, 255, null).inputs("bear"))
                .isInstanceOf(IOException.class).hasMessageStartingWith(davisMask + ": not a readable PNG (");
    }

    private static Path grey(Path file, int w, int h) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY), "png", file.toFile());
        return file;
    }
}
