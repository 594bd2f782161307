package io.vseg.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.vseg.runtime.config.ConfigProblem;
import io.vseg.runtime.config.PipelineConfigLoader;
import io.vseg.runtime.config.PipelineSpec;
import io.vseg.runtime.plugin.PluginJars;
import io.vseg.runtime.plugin.PluginRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link PipelineFactory} does when a component cannot be made: the components it already made are closed, and
 * the factory's complaint is the one-line error naming the file and the key. The components are real plugin jars,
 * loaded in their own layers: a propagator and a fuser that say when they are closed (in a system property, which
 * both layers see), and a fuser whose factory refuses its configuration.
 */
class PipelineFactoryTest {
    private static final String CLOSED = "vseg.test.closed";
    private static final String RECORDING = """
            import io.vseg.api.Features;
            import io.vseg.api.FrameContext;
            import io.vseg.api.KeyState;
            import io.vseg.api.spi.Fuser;
            import io.vseg.api.spi.Propagator;

            public final class Recording implements Propagator, Fuser, AutoCloseable {
                private final String name;

                public Recording(String name) {
                    this.name = name;
                }

                public Features propagate(KeyState key, FrameContext ctx) {
                    return key.features();
                }

                public Features fuse(Features features, FrameContext ctx) {
                    return features;
                }

                public void reset() {
                }

                public boolean resumableAtKey() {
                    return false;
                }

                public void close() {
                    System.setProperty("%s", System.getProperty("%s", "") + name + ";");
                }
            }
            """.formatted(CLOSED, CLOSED);

    @TempDir
    static Path work;
    private static PipelineConfigLoader loader;

    @BeforeAll
    static void plugins() throws Exception {
        Path plugins = work.resolve("plugins");
        PluginJars.plugin(work, "test.recprop").component("rec.propagator").source("Recording", RECORDING)
                .propagator("new Recording(ctx.configPath())").jar(plugins, "recprop.jar");
        PluginJars.plugin(work, "test.recfuse").component("rec.fuser").source("Recording", RECORDING)
                .fuser("new Recording(ctx.configPath())").jar(plugins, "recfuse.jar");
        PluginJars.plugin(work, "test.refusing").component("refusing.fuser").source("Refusal", """
                public final class Refusal {
                    public static io.vseg.api.spi.Fuser refuse() {
                        throw new IllegalArgumentException("strength: must be positive, got 0");
                    }
                }
                """).fuser("Refusal.refuse()").jar(plugins, "refusing.jar");
        loader = new PipelineConfigLoader(PluginRegistry.discover(plugins, true));
    }

    @AfterEach
    void forget() {
        System.clearProperty(CLOSED);
    }

    /** The student's pipeline (zoo/student-person through ONNX Runtime) with {@code pipeline} added. */
    private static PipelineSpec spec(String pipeline) throws Exception {
        Path file = work.resolve("p.conf");
        Files.writeString(file, "include \"" + Path.of("../configs/student-onnx.conf").toAbsolutePath() + "\"\n"
                + "vseg.pipeline {\n" + pipeline + "\n}\n");
        return loader.load(file, ConfigFactory.empty());
    }

    @Test
    void theComponentsMadeBeforeAFailingOneAreClosedAndTheErrorNamesTheKey() throws Exception {
        PipelineSpec spec = spec("propagator.type = rec.propagator\nfuser.type = refusing.fuser");

        assertThatThrownBy(() -> new PipelineFactory().create(spec)).isInstanceOf(ConfigProblem.class)
                .hasMessage(work.resolve("p.conf") + ":4: vseg.pipeline.fuser.strength: must be positive, got 0");
        assertThat(System.getProperty(CLOSED)).isEqualTo("vseg.pipeline.propagator;");
    }

    @Test
    void aChainsMembersMadeBeforeAFailingOneAreClosed() throws Exception {
        PipelineSpec spec = spec("fuser { type = chain, fusers = [{ type = rec.fuser }, { type = refusing.fuser }] }");

        assertThatThrownBy(() -> new PipelineFactory().create(spec)).isInstanceOf(ConfigProblem.class)
                .hasMessage(work.resolve("p.conf") + ":3: vseg.pipeline.fuser.fusers.1.strength: must be positive, "
                        + "got 0");
        assertThat(System.getProperty(CLOSED)).isEqualTo("vseg.pipeline.fuser.fusers.0;");
    }

    @Test
    void aPipelineThatIsMadeClosesItsPartsOnceWhenItIsClosed() throws Exception {
        PipelineSpec spec = spec("propagator.type = rec.propagator\n"
                + "fuser { type = chain, fusers = [{ type = rec.fuser }, { type = rec.fuser }] }");

        Pipeline pipeline = new PipelineFactory().create(spec);
        assertThat(System.getProperty(CLOSED)).isNull();
        pipeline.close();
        assertThat(System.getProperty(CLOSED).split(";")).containsExactlyInAnyOrder("vseg.pipeline.propagator",
                "vseg.pipeline.fuser.fusers.0", "vseg.pipeline.fuser.fusers.1");
    }
}
