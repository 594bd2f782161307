package io.vseg.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.vseg.runtime.TestData;
import io.vseg.runtime.plugin.PluginRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
