package io.vseg.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.vseg.runtime.pipeline.PipelineFactory;
import io.vseg.runtime.plugin.ComponentKind;
import io.vseg.runtime.plugin.PluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigLoaderTest {
    private static final PluginRegistry REGISTRY = PluginRegistry.discover(null);

    @TempDir
    Path dir;

    private PipelineSpec load(String hocon) throws IOException {
        Path file = dir.resolve("pipeline.conf");
        Files.writeString(file, hocon);
        return new PipelineConfigLoader(REGISTRY).load(file, ConfigFactory.empty());
    }

    @Test
    void slotsGetTheirComponentsWithDefaultsUnderTheGivenKeys() throws IOException {
        PipelineSpec spec = load("""
                vseg.pipeline {
                  flow { type = opencv-dis, preset = fast }
                }
                """);
        ComponentSpec flow = spec.component(ComponentKind.FLOW);
        assertThat(flow.type()).isEqualTo("opencv-dis");
        assertThat(flow.config().getString("preset")).isEqualTo("fast");
        assertThat(flow.config().getInt("downscale")).isEqualTo(1);
        assertThat(spec.component(ComponentKind.SCHEDULER).type()).isEqualTo("every-frame");
    }

    @Test
    void anUnknownKeyInASlotNamesFileLineAndKeyPath() {
        assertThatThrownBy(() -> load("""
                vseg.pipeline {
                  flow {
                    type = opencv-dis
                    presett = fast
                  }
                }
                """))
                .isInstanceOf(ConfigProblem.class)
                .hasMessageContaining("pipeline.conf:4")
                .hasMessageContaining("vseg.pipeline.flow.presett")
                .hasMessageContaining("preset")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anUnknownTypeNamesTheKeyPathAndTheAvailableNames() {
        assertThatThrownBy(() -> load("vseg.pipeline.scheduler.type = dff.intervall\n"))
                .isInstanceOf(ConfigProblem.class)
                .hasMessageContaining("pipeline.conf:1")
                .hasMessageContaining("vseg.pipeline.scheduler.type")
                .hasMessageContaining("dff.intervall")
                .hasMessageContaining("every-frame");
    }

    @Test
    void aComponentOfAnotherKindIsNamedAsSuch() {
        assertThatThrownBy(() -> load("vseg.pipeline.scheduler.type = opencv-dis\n"))
                .hasMessageContaining("'opencv-dis' is a flow");
    }

    @Test
    void anUnknownRuntimeKeyAndAnUnknownSlotAreRejected() {
        assertThatThrownBy(() -> load("vseg.runtime.thread = 4\n"))
                .hasMessageContaining("vseg.runtime.thread").hasMessageContaining("unknown key");
        assertThatThrownBy(() -> load("vseg.pipeline.propagatr.type = copy\n"))
                .hasMessageContaining("vseg.pipeline.propagatr").hasMessageContaining("scheduler");
    }

    @Test
    void aWrongTypeNamesTheKeyPath() {
        assertThatThrownBy(() -> load("vseg.runtime.threads = lots\n"))
                .isInstanceOf(ConfigProblem.class).hasMessageContaining("vseg.runtime.threads");
        assertThatThrownBy(() -> load("vseg.pipeline.flow { type = opencv-dis, downscale = big }\n"))
                .isInstanceOf(ConfigProblem.class).hasMessageContaining("downscale");
    }

    @Test
    void aWrongTypeIsSaidOnOneLineWithBothValuesAsWritten() {
        // HOCON's own rendering of a list puts each element, with its origin as a comment, on a line of its own
        assertThatThrownBy(() -> load("vseg.pipeline.extractor { type = onnx, std = true }\n"))
                .isInstanceOf(ConfigProblem.class)
                .hasMessageContaining("pipeline.conf:1: vseg.pipeline.extractor.std: expected a list like the default "
                        + "([1,1,1]), got true")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aSectionOfDefaultsSetToAValueIsAProblemNamingFileLineAndPath() {
        assertThatThrownBy(() -> load("vseg.pipeline.extractor.type = onnx\nvseg.components.onnx = 5\n"))
                .isInstanceOf(ConfigProblem.class)
                .hasMessageContaining("pipeline.conf: 2").hasMessageContaining("vseg.components.onnx");
    }

    @Test
    void aSlotSetToAValueIsSaidToBeOne() {
        assertThatThrownBy(() -> load("vseg.pipeline.extractor = 5\n"))
                .isInstanceOf(ConfigProblem.class)
                .hasMessage(dir.resolve("pipeline.conf") + ":1: vseg.pipeline.extractor: a slot { type = ..., ... } "
                        + "expected, got 5");
    }

    @Test
    void aMisspelledTypeIsNamedBeforeTheKeysItLeavesUnknown() {
        // without its type the slot keeps the default flow, opencv-dis, to which farneback's keys are unknown
        assertThatThrownBy(() -> load("""
                vseg.pipeline.flow {
                  typ = opencv-farneback
                  levels = 3
                  window = 15
                }
                """))
                .hasMessageStartingWith(dir.resolve("pipeline.conf") + ":2: vseg.pipeline.flow.typ: unknown key for flow "
                        + "'opencv-dis'")
                .hasMessageEndingWith("(unknown too: levels, window)");
    }

    @Test
    void aRequiredValueLeftAtItsDefaultNamesTheUsersFileNotTheDefaults() throws IOException {
        // the extractor's defaults come from the runtime's reference.conf, a resource: no file of the user's
        PipelineSpec spec = load("vseg.runtime.threads = 1\n");
        assertThatThrownBy(() -> new PipelineFactory().create(spec))
                .hasMessage(dir.resolve("pipeline.conf") + ": vseg.pipeline.extractor.model: required, the path of a "
                        + "model file");
    }

    @Test
    void theRuntimesOwnRangesAreCheckedWithFileAndKey() {
        String file = dir.resolve("pipeline.conf").toString();
        assertThatThrownBy(() -> load("vseg.runtime.threads = 0\n"))
                .hasMessage(file + ":1: vseg.runtime.threads: must be 1 to 1024, got 0");
        assertThatThrownBy(() -> load("vseg.runtime.threads = 100000\n"))
                .hasMessage(file + ":1: vseg.runtime.threads: must be 1 to 1024, got 100000");
        assertThatThrownBy(() -> load("vseg.output.overlay-alpha = 1.5\n"))
                .hasMessage(file + ":1: vseg.output.overlay-alpha: must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> load("vseg.output.palette = pascal\n"))
                .hasMessage(file + ":1: vseg.output.palette: unknown 'pascal'; palettes: [voc, cityscapes]");
    }

    @Test
    void aGarbledFileIsOneLine() {
        // a parse error quotes the text it stopped at, here with a carriage return in it (Key 'Kb\r)' may not ...)
        assertThatThrownBy(() -> load("Kb\r)"))
                .isInstanceOf(ConfigProblem.class)
                .hasMessageContaining("pipeline.conf")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r"));
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> new PipelineConfigLoader(REGISTRY).load(dir.resolve("nope.conf"), ConfigFactory.empty()))
                .hasMessageContaining("nope.conf").hasMessageContaining("not found");
    }
}
