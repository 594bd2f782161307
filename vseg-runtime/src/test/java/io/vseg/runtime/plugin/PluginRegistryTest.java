package io.vseg.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vseg.api.ApiVersion;
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
            assertThat(p.source()).isEqualTo("broken.jar");
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
    void twoComponentsOfOneNameAreOneProblemNamingBothJarsAndEverythingElseLoads() throws Exception {
        Path plugins = work.resolve("plugins");
        PluginJars.fuserPlugin(work, plugins, "a.jar", "test.alpha", "shared.name");
        PluginJars.fuserPlugin(work, plugins, "b.jar", "test.beta", "shared.name");
        PluginJars.fuserPlugin(work, plugins, "c.jar", "test.gamma", "gamma.identity");

        PluginRegistry registry = PluginRegistry.discover(plugins);

        assertThat(registry.find("shared.name").orElseThrow().source()).isEqualTo("a.jar");
        assertThat(registry.find("gamma.identity")).isPresent();
        assertThat(registry.find("every-frame")).isPresent();
        assertThat(registry.problems()).singleElement().satisfies(p -> assertThat(p.toString())
                .contains("shared.name").contains("a.jar").contains("b.jar").contains("test.alpha")
                .contains("test.beta").doesNotContain("\n"));
    }

    @Test
    void aPluginClashingWithTheRuntimeNamesTheRuntimeModuleAndTheRuntimeKeepsTheName() throws Exception {
        Path plugins = work.resolve("plugins");
        PluginJars.fuserPlugin(work, plugins, "clash.jar", "test.clash", "none");
        PluginRegistry registry = PluginRegistry.discover(plugins);
        assertThat(registry.find("none").orElseThrow().module()).isEqualTo("io.vseg.runtime");
        assertThat(registry.problems()).singleElement().satisfies(p -> assertThat(p.toString())
                .contains("io.vseg.runtime").contains("test.clash").contains("clash.jar"));
    }

    @Test
    void aPluginBuiltAgainstAnOlderApiIsRefusedInOneLineNamingBothVersions() throws Exception {
        Path plugins = work.resolve("plugins");
        PluginJars.plugin(work, "test.old").builtAgainst("0.1.0-SNAPSHOT").jar(plugins, "old.jar");
        PluginJars.fuserPlugin(work, plugins, "good.jar", "test.good", "good.identity");

        PluginRegistry registry = PluginRegistry.discover(plugins);

        assertThat(registry.find("old.identity")).isEmpty();
        assertThat(registry.find("good.identity")).isPresent();
        assertThat(registry.problems()).singleElement().satisfies(p -> assertThat(p.toString())
                .startsWith("plugin old.jar not loaded: ").contains("built against vseg-api 0.1.0-SNAPSHOT")
                .contains("this runtime has vseg-api " + ApiVersion.CURRENT.text()).doesNotContain("\n"));
    }

    @Test
    void aPluginBuiltAgainstANewerMinorIsRefusedAndAnOlderMinorOfTheSameMajorRuns() throws Exception {
        Path plugins = work.resolve("plugins");
        int major = ApiVersion.CURRENT.major();
        PluginJars.plugin(work, "test.newer").builtAgainst(major + "." + (ApiVersion.CURRENT.minor() + 1) + ".0")
                .jar(plugins, "newer.jar");
        PluginJars.plugin(work, "test.same").builtAgainst(major + ".0.0").jar(plugins, "same.jar");

        PluginRegistry registry = PluginRegistry.discover(plugins);

        assertThat(registry.find("same.identity")).isPresent();
        assertThat(registry.find("newer.identity")).isEmpty();
        assertThat(registry.problems()).singleElement()
                .satisfies(p -> assertThat(p.toString()).contains("newer.jar").contains("built against vseg-api " + major));
    }

    @Test
    void aFactoryWithoutADescriptionIsReportedNotListed() throws Exception {
        Path plugins = work.resolve("plugins");
        PluginJars.plugin(work, "test.mute").description(null).jar(plugins, "mute.jar");
        PluginJars.plugin(work, "test.blank").description("  ").jar(plugins, "blank.jar");

        PluginRegistry registry = PluginRegistry.discover(plugins);

        assertThat(registry.find("mute.identity")).isEmpty();
        assertThat(registry.find("blank.identity")).isEmpty();
        assertThat(registry.problems()).hasSize(2).allSatisfy(p -> assertThat(p.cause())
                .contains("has no one-line description()"));
    }

    @Test
    void aFactoryWithoutItsDefaultsBlockIsReportedNamingThePluginAndTheBlock() throws Exception {
        Path plugins = work.resolve("plugins");
        PluginJars.plugin(work, "test.bare").withoutDefaults().jar(plugins, "bare.jar");

        PluginRegistry registry = PluginRegistry.discover(plugins);

        assertThat(registry.find("bare.identity")).isEmpty();
        assertThat(registry.problems()).singleElement().satisfies(p -> assertThat(p.toString())
                .contains("bare.jar").contains("test.bare").contains("vseg.components.\"bare.identity\""));
    }

    @Test
    void aLinkageErrorWhileListingIsReportedAgainstItsJar() throws Exception {
        Path plugins = work.resolve("plugins");
        PluginJars.plugin(work, "test.torn").without("TestFactory").jar(plugins, "torn.jar");
        PluginJars.fuserPlugin(work, plugins, "good.jar", "test.good", "good.identity");

        PluginRegistry registry = PluginRegistry.discover(plugins);

        assertThat(registry.find("good.identity")).isPresent();
        assertThat(registry.problems()).singleElement().satisfies(p -> assertThat(p.toString())
                .contains("torn.jar").contains("NoClassDefFoundError").doesNotContain("\n"));
    }

    @Test
    void aNamedPluginsFolderThatDoesNotExistIsAnError() {
        Path absent = work.resolve("absent");
        assertThatThrownBy(() -> PluginRegistry.discover(absent, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(absent.toString());
        assertThat(PluginRegistry.discover(absent, false).find("every-frame")).isPresent();
    }

    @Test
    void unknownComponentMessagesNameThePluginsThatDidNotLoad() throws Exception {
        Path plugins = work.resolve("plugins");
        PluginJars.plugin(work, "test.old").builtAgainst("0.1.0-SNAPSHOT").jar(plugins, "old.jar");
        PluginRegistry registry = PluginRegistry.discover(plugins);
        assertThat(registry.notLoaded()).contains("old.jar").contains("0.1.0-SNAPSHOT");
        assertThat(PluginRegistry.discover(work.resolve("absent")).notLoaded()).isEmpty();
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
