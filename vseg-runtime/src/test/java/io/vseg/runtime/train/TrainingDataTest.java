package io.vseg.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vseg.api.ClassSet;
import io.vseg.api.spi.TrainingClip;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDataTest {
    @TempDir
    Path dir;

    /** A frame folder named {@code name} of three 16x8 frames. */
    private Path frames(String name) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < 3; i++) {
            ImageIO.write(new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB), "png",
                    folder.resolve(String.format("%05d.png", i)).toFile());
        }
        return folder;
    }

    @Test
    void excludedSequencesAreLeftOutAndAnExcludedNameTheDataDoesNotHaveIsAnError() throws Exception {
        Path a = frames("alpha");
        Path b = frames("beta");
        List<String> lines = new ArrayList<>();

        List<TrainingClip> clips = TrainingData.decode(List.of(a, b), Set.of("beta"), ClassSet.of("bg", "fg"),
                lines::add);
        assertThat(clips).extracting(TrainingClip::name).containsExactly("alpha");
        assertThat(lines).containsExactly("data: alpha, 3 frames, 0 annotated");

        // A misspelt held-out sequence would otherwise be trained on.
        lines.clear();
        assertThatThrownBy(() -> TrainingData.decode(List.of(a, b), Set.of("beta", "gamma", "alpah"),
                ClassSet.of("bg", "fg"), lines::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--exclude: no sequence alpah, gamma in --data (its sequences: alpha, beta)");
        assertThat(lines).isEmpty();
    }
}
