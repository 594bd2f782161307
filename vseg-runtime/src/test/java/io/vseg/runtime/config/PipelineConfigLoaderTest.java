package io.vseg.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
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
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> new PipelineConfigLoader(REGISTRY).load(dir.resolve("nope.conf"), ConfigFactory.empty()))
                .hasMessageContaining("nope.conf").hasMessageContaining("not found");
    }
}
