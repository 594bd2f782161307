package io.vseg.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first-party plugins as a third party ships them: their jars in a plugins folder, each loaded by
 * {@code bin/vseg} into its own module layer ({@code VSEG_FIRST_PARTY=layers} keeps them off the module path), not
 * from the class path as the other tests load them. A corrupt jar beside them is reported and breaks none of them;
 * the composition vseg is described by runs from the layers with the labels it gives from the module path.
 */
class LayeredPluginsTest {
    private static final Path ROOT = Processes.ROOT;
    /** A component of each first-party plugin jar, and the jar's name. */
    private static final Map<String, String> COMPONENTS = Map.of(
            "dff.interval", "vseg-plugin-dff", "dff.flow-warp", "vseg-plugin-dff",
            "dvsnet.confidence", "vseg-plugin-dvsnet", "clockwork.fixed", "vseg-plugin-clockwork",
            "netwarp", "vseg-plugin-netwarp", "grfp.stgru", "vseg-plugin-grfp", "djl", "vseg-student",
            "distill", "vseg-student");

    @TempDir
    Path dir;

    @Test
    void theFirstPartyPluginsLoadFromAPluginsFolderEachInItsLayerBesideACorruptJar() throws Exception {
        Path plugins = pluginsFolder();
        Files.write(plugins.resolve("broken.jar"), new byte[] {'P', 'K', 3, 4, 0, 0, 1});

        Processes.Result listed = vseg(true, List.of("--plugins", plugins.toString(), "plugins", "--from"));

        assertThat(listed.rc()).as(listed.output()).isEqualTo(1); // the corrupt jar is a problem, and the only one
        List<String> problems = listed.output().lines().filter(l -> l.startsWith("vseg plugins:")).toList();
        assertThat(problems).singleElement().asString().contains("broken.jar");
        for (Map.Entry<String, String> c : COMPONENTS.entrySet()) {
            assertThat(listed.output()).as(c.getKey()).containsPattern("(?m)^" + c.getKey().replace(".", "\\.")
                    + " +\\w+ +[\\w.]+ +" + c.getValue() + "-[\\w.-]+\\.jar ");
        }
        // Without the folder they are not there at all: the listing above came from the layers.
        Processes.Result bare = vseg(true, List.of("plugins"));
        assertThat(bare.output()).doesNotContainPattern("(?m)^dff\\.interval ").contains("every-frame");
    }

    @Test
    void theCompositionRunsFromTheLayersWithTheLabelsItGivesFromTheModulePath() throws Exception {
        Path davis = Fixtures.davis();
        Path plugins = pluginsFolder();
        List<String> run = List.of("run", "--config", Fixtures.config("dvsnet-dff-netwarp.conf").toString(),
                "--input", davis.toString(), "--sequence", "cows", "--max-frames", "12", "--output");
        List<String> layered = new ArrayList<>(List.of("--plugins", plugins.toString()));
        layered.addAll(run);
        layered.add(dir.resolve("layers").toString());
        List<String> plain = new ArrayList<>(run);
        plain.add(dir.resolve("plain").toString());

        Processes.Result a = vseg(true, layered);
        Processes.Result b = vseg(false, plain);

        assertThat(a.rc()).as(a.output()).isZero();
        assertThat(b.rc()).as(b.output()).isZero();
        assertThat(Files.readString(dir.resolve("layers/trace.jsonl")))
                .contains("\"method\":\"dvsnet.confidence+dff.flow-warp+netwarp\"");
        for (int i = 0; i < 12; i++) {
            String png = String.format("labels/%05d.png", i);
            assertThat(Files.readAllBytes(dir.resolve("layers").resolve(png))).as(png)
                    .isEqualTo(Files.readAllBytes(dir.resolve("plain").resolve(png)));
        }
    }

    /** A plugins folder holding the built first-party plugin jars. */
    private Path pluginsFolder() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        for (String module : COMPONENTS.values().stream().distinct().toList()) {
            Path target = ROOT.resolve(module).resolve("target");
            try (Stream<Path> jars = Files.list(target)) {
                Path jar = jars.filter(p -> p.getFileName().toString().matches(module + "-[\\d.]+(-SNAPSHOT)?\\.jar"))
                        .findFirst().orElseThrow(() -> new IllegalStateException("no " + module + " jar in " + target
                                + " (mvn package builds it)"));
                Files.copy(jar, plugins.resolve(jar.getFileName()));
            }
        }
        return plugins;
    }

    /** bin/vseg with {@code args}, the first-party plugins kept off the module path when {@code layers}. */
    private Processes.Result vseg(boolean layers, List<String> args) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("VSEG_PLUGINS", null);
        env.put("VSEG_FIRST_PARTY", layers ? "layers" : null);
        return Processes.run(Processes.vseg(args), ROOT, env, dir);
    }
}
