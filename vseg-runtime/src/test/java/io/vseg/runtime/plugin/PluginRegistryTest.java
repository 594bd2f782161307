package io.vseg.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {

    @TempDir
    Path work;

    @Test
    void findsTheRuntimesOwnComponentsOnTheModulePath() {
        PluginRegistry registry = PluginRegistry.discover(work.resolve("absent"));
        assertThat(registry.all()).extracting(RegisteredComponent::name)
                .contains("every-frame", "none", "copy", "opencv-dnn", "onnx", "opencv-dis", "opencv-farneback");
        assertThat(registry.find("opencv-dis").orElseThrow().module()).isEqualTo("io.vseg.runtime");
        assertThat(registry.references().hasPath("vseg.components.opencv-dis.preset")).isTrue();
    }

    @Test
    void loadsAPluginJarInItsOwnLayerAndReportsACorruptOneBesideIt() throws Exception {
        Path plugins = work.resolve("plugins");
        PluginJars.fuserPlugin(work, plugins, "good.jar", "test.good", "good.identity");
        Files.write(plugins.resolve("broken.jar"), new byte[] {'n', 'o', 't', ' ', 'a', ' ', 'j', 'a', 'r'});

        PluginRegistry registry = PluginRegistry.discover(plugins);

        RegisteredComponent good = registry.find("good.identity").orElseThrow();
        assertThat(good.kind()).isEqualTo(ComponentKind.FUSER);
        assertThat(good.module()).isEqualTo("test.good");
        assertThat(good.source()).isEqualTo("good.jar");
        assertThat(good.factory().getClass().getModule().getLayer()).isNotEqualTo(ModuleLayer.boot());
        assertThat(registry.problems()).singleElement().satisfies(p -> {
            assertThat(p.jar().getFileName().toString()).isEqualTo("broken.jar");
            assertThat(p.toString()).contains("broken.jar").doesNotContain("\n");
        });
    }

    @Test
    void aJarWhoseModuleCannotResolveIsReportedAndTheOthersLoad() throws Exception {
        Path plugins = work.resolve("plugins");
        PluginJars.fuserPlugin(work, plugins, "good.jar", "test.good", "good.identity");
        // A module requiring something absent: resolution fails for that jar alone.
        Path jar = plugins.resolve("needy.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("module-info.class"));
            out.write(moduleInfoRequiringMissing());
        }
        PluginRegistry registry = PluginRegistry.discover(plugins);
        assertThat(registry.find("good.identity")).isPresent();
        assertThat(registry.problems()).singleElement()
                .satisfies(p -> assertThat(p.toString()).contains("needy.jar").contains("no.such.module"));
    }

    @Test
    void twoComponentsOfOneNameFailNamingBothModules() throws Exception {
        Path plugins = work.resolve("plugins");
        PluginJars.fuserPlugin(work, plugins, "a.jar", "test.alpha", "shared.name");
        PluginJars.fuserPlugin(work, plugins, "b.jar", "test.beta", "shared.name");

        assertThatThrownBy(() -> PluginRegistry.discover(plugins))
                .isInstanceOf(PluginConflictException.class)
                .hasMessageContaining("shared.name").hasMessageContaining("test.alpha").hasMessageContaining("test.beta");
    }

    @Test
    void aPluginClashingWithTheRuntimeNamesTheRuntimeModule() throws Exception {
        Path plugins = work.resolve("plugins");
        PluginJars.fuserPlugin(work, plugins, "clash.jar", "test.clash", "none");
        assertThatThrownBy(() -> PluginRegistry.discover(plugins))
                .hasMessageContaining("io.vseg.runtime").hasMessageContaining("test.clash");
    }

    /** module-info of {@code test.needy} requiring {@code no.such.module}, compiled by javac at test time. */
    private byte[] moduleInfoRequiringMissing() throws Exception {
        Path src = Files.createDirectories(work.resolve("needy-src"));
        Files.writeString(src.resolve("module-info.java"), "module test.needy { requires no.such.module; }");
        Path out = Files.createDirectories(work.resolve("needy-out"));
        Path stub = Files.createDirectories(work.resolve("stub-src"));
        Files.writeString(stub.resolve("module-info.java"), "module no.such.module { }");
        Path stubOut = Files.createDirectories(work.resolve("stub-out"));
        var javac = java.util.spi.ToolProvider.findFirst("javac").orElseThrow();
        assertThat(javac.run(System.out, System.err, "-d", stubOut.toString(), stub.resolve("module-info.java").toString()))
                .isZero();
        assertThat(javac.run(System.out, System.err, "--module-path", stubOut.toString(), "-d", out.toString(),
                src.resolve("module-info.java").toString())).isZero();
        return Files.readAllBytes(out.resolve("module-info.class"));
    }
}
