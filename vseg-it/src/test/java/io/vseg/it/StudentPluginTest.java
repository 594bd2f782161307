package io.vseg.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vseg.runtime.cli.Main;
import io.vseg.runtime.plugin.ComponentKind;
import io.vseg.runtime.plugin.RegisteredComponent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The student plugin as the command line meets it: its components listed, its trainer's one-line errors. */
class StudentPluginTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int vseg(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void pluginsListsTheStudentsExtractorAndTrainer() {
        assertThat(vseg("--plugins", dir.toString(), "plugins")).isZero();
        String listing = out.toString(StandardCharsets.UTF_8);
        assertThat(listing).containsPattern("(?m)^djl +extractor ").containsPattern("(?m)^distill +trainer ");
        RegisteredComponent djl = Fixtures.REGISTRY.find("djl").orElseThrow();
        assertThat(djl.plugin()).isEqualTo("student");
        assertThat(Fixtures.REGISTRY.components(ComponentKind.TRAINER).get("distill").plugin()).isEqualTo("student");
        assertThat(Fixtures.REGISTRY.references().hasPath("vseg.trainers.distill.epochs")).isTrue();
    }

    @Test
    void trainNamesTheTrainersAndTheMissingData() {
        assertThat(vseg("train", "nope", "--config", "x.conf", "--data", "y", "--out", "z")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown trainer 'nope'").contains("distill");
        err.reset();
        assertThat(vseg("train", "distill", "--teacher", "../configs/selfie.conf", "--data",
                dir.resolve("no-such-video.mp4").toString(), "--out", dir.resolve("o").toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).doesNotContain("\n").contains("--data")
                .contains("no-such-video.mp4");
    }
}
