package io.vseg.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vseg.testkit.TestInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin author's path, end to end, as the README's "Writing a plugin" gives it: {@code examples/ema-fuser}
 * is copied out of the repository, built by Maven against the vseg artifacts installed in the local repository
 * (scripts/setup.sh and scripts/test.sh install them), dropped into a plugins folder and run by {@code bin/vseg}.
 */
class ExamplePluginTest {
    private static final Path ROOT = Processes.ROOT;

    @TempDir
    Path dir;

    @Test
    void theExamplePluginBuildsOutsideTheReactorAndRunsFromAPluginsFolder() throws Exception {
        Path video = ROOT.resolve("samples/Megamind.avi");
        TestInputs.require(Files.isRegularFile(video), "sample video not fetched: " + video + " (scripts/setup.sh)");
        Fixtures.models();
        Path example = copy(ROOT.resolve("examples/ema-fuser"), dir.resolve("ema-fuser"));

        Processes.Result build = exec(example, List.of("mvn", "-B", "-q", "-o", "package"));
        assertThat(build.rc()).as("mvn package of the example (is vseg installed? scripts/test.sh runs mvn install):\n%s",
                build.output()).isZero();
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(example.resolve("target/vseg-ema-fuser-1.0.0.jar"), plugins.resolve("ema.jar"));

        Processes.Result listed = vseg(List.of("--plugins", plugins.toString(), "plugins"));
        assertThat(listed.rc()).as(listed.output()).isZero();
        assertThat(listed.output()).containsPattern("(?m)^ema\\.scores +fuser +com\\.example\\.ema ");

        Path config = Files.writeString(dir.resolve("ema.conf"), "include file(\"" + ROOT.resolve("configs/selfie.conf")
                + "\")\nvseg.pipeline.fuser { type = ema.scores, alpha = 0.3 }\n");
        Processes.Result run = vseg(List.of("--plugins", plugins.toString(), "run", "--config", config.toString(), "--input",
                video.toString(), "--output", dir.resolve("ema").toString(), "--max-frames", "8"));
        assertThat(run.rc()).as(run.output()).isZero();
        Processes.Result plain = vseg(List.of("run", "--config", ROOT.resolve("configs/selfie.conf").toString(), "--input",
                video.toString(), "--output", dir.resolve("plain").toString(), "--max-frames", "8"));
        assertThat(plain.rc()).as(plain.output()).isZero();

        assertThat(Files.readString(dir.resolve("ema/trace.jsonl"))).contains("\"fuse\":").contains("\"flow\":");
        // The average lags the per-frame labels on moving edges: some label map must differ from the plain run's.
        int differing = 0;
        for (int i = 1; i < 8; i++) {
            String png = String.format("labels/%05d.png", i);
            if (!java.util.Arrays.equals(Files.readAllBytes(dir.resolve("ema").resolve(png)),
                    Files.readAllBytes(dir.resolve("plain").resolve(png)))) {
                differing++;
            }
        }
        assertThat(differing).isPositive();
        // Frame 0 has nothing to average with: the same labels as per-frame inference.
        assertThat(Files.readAllBytes(dir.resolve("ema/labels/00000.png")))
                .isEqualTo(Files.readAllBytes(dir.resolve("plain/labels/00000.png")));
    }

    private Processes.Result vseg(List<String> args) throws Exception {
        return Processes.run(Processes.vseg(args), ROOT, Map.of(), dir);
    }

    private Processes.Result exec(Path workDir, List<String> command) throws Exception {
        return Processes.run(command, workDir, Map.of(), dir);
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(f -> !from.relativize(f).startsWith("target")).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }
}
