package io.vseg.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.vseg.runtime.TestData;
import io.vseg.runtime.plugin.PluginJars;
import io.vseg.runtime.plugin.PluginRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashesTest {
    private static final PipelineConfigLoader LOADER = new PipelineConfigLoader(PluginRegistry.discover(null));

    @TempDir
    Path dir;

    private static String models(String pipeline) {
        return Hashes.ofModels(LOADER.load(ConfigFactory.parseString(pipeline), "test"));
    }

    private static String selfie(String model, String landscape) {
        return """
                vseg.pipeline.extractor {
                  type = opencv-dnn, model = %s, input-width = 256, input-height = 256
                  variants = [ { model = %s, input-width = 256, input-height = 144 } ]
                  output-kind = foreground, classes = [background, person]
                }
                """.formatted(model, landscape);
    }

    @Test
    void modelsNamedThroughTheDefaultsFoldersAreReadLikeAnyOther() throws Exception {
        Path square = TestData.model("selfie_segmentation.tflite");
        Path landscape = TestData.model("selfie_segmentation_landscape.tflite");
        // ${vseg.models} is defined by the defaults only (VSEG_MODELS): the value resolves once they are merged.
        String throughDefaults = models(selfie("${vseg.models}/selfie_segmentation.tflite",
                "${vseg.models}/selfie_segmentation_landscape.tflite"));
        assertThat(throughDefaults).isEqualTo(models(selfie("\"" + square + "\"", "\"" + landscape + "\"")));

        // The variant's model (in a list) counts: a changed copy of it changes the digest.
        Path copy = Files.copy(landscape, dir.resolve("landscape.tflite"));
        String withCopy = models(selfie("\"" + square + "\"", "\"" + copy + "\""));
        byte[] bytes = Files.readAllBytes(copy);
        bytes[bytes.length / 2] ^= 1;
        Files.write(copy, bytes);
        assertThat(models(selfie("\"" + square + "\"", "\"" + copy + "\""))).isNotEqualTo(withCopy);
    }

    @Test
    void aModelFolderCountsItsFilesButNotItsNotesOrHiddenFiles() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("trained/onnx"));
        Files.write(folder.resolve("stage.onnx"), new byte[] {1, 2, 3});
        String pipeline = """
                vseg.pipeline.extractor { type = onnx, model = "%s", input-width = 32, input-height = 32 }
                """.formatted(dir.resolve("trained"));
        String before = models(pipeline);

        Files.writeString(dir.resolve("trained/README.md"), "how it was trained");
        Files.writeString(dir.resolve("trained/.card.json.k3x9.tmp"), "half written");
        assertThat(models(pipeline)).isEqualTo(before);

        Files.write(folder.resolve("stage.onnx"), new byte[] {1, 2, 4});
        assertThat(models(pipeline)).isNotEqualTo(before);
    }

    @Test
    void theCodeDigestReadsTheComponentsModulesByTheirContentsNotByTheirBuild() throws Exception {
        Path first = PluginJars.plugin(dir.resolve("build1"), "test.code").component("code.fuser")
                .jar(dir.resolve("plugins1"), "code.jar");
        // The same classes jarred again in another order with other entry times: another file, the same code.
        Path again = Files.createDirectories(dir.resolve("plugins2")).resolve("code.jar");
        rejar(first, again, 1_000_000_000_000L);
        assertThat(Files.readAllBytes(again)).isNotEqualTo(Files.readAllBytes(first));
        PluginJars.plugin(dir.resolve("build3"), "test.code").component("code.fuser").description("changed")
                .jar(dir.resolve("plugins3"), "code.jar");

        String one = code(dir.resolve("plugins1"), "code.fuser");
        assertThat(code(dir.resolve("plugins2"), "code.fuser")).isEqualTo(one);
        // One string constant changed in the plugin's classes.
        assertThat(code(dir.resolve("plugins3"), "code.fuser")).isNotEqualTo(one);
        // Without the plugin's component, its module is not read.
        assertThat(code(dir.resolve("plugins1"), "none")).isNotEqualTo(one)
                .isEqualTo(code(dir.resolve("plugins3"), "none"));
    }

    /** The code digest of a pipeline whose fuser is {@code fuser}, with the plugins of {@code plugins}. */
    private static String code(Path plugins, String fuser) {
        PipelineConfigLoader loader = new PipelineConfigLoader(PluginRegistry.discover(plugins));
        return Hashes.ofCode(loader.load(ConfigFactory.parseString("""
                vseg.pipeline.extractor { type = onnx, model = x.onnx, input-width = 32, input-height = 32 }
                vseg.pipeline.fuser.type = %s
                """.formatted(fuser)), "test"));
    }

    /** {@code from}'s entries written to {@code to} in the reverse order, with the modification time {@code time}. */
    private static void rejar(Path from, Path to, long time) throws Exception {
        try (JarFile in = new JarFile(from.toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(to))) {
            List<JarEntry> entries = new ArrayList<>(java.util.Collections.list(in.entries()));
            java.util.Collections.reverse(entries);
            for (JarEntry e : entries) {
                JarEntry copy = new JarEntry(e.getName());
                copy.setTime(time);
                out.putNextEntry(copy);
                try (var data = in.getInputStream(e)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }
}
