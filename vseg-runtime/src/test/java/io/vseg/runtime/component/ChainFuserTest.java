package io.vseg.runtime.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.vseg.api.Features;
import io.vseg.api.FrameContext;
import io.vseg.api.spi.Fuser;
import io.vseg.api.tensor.Tensor;
import io.vseg.runtime.config.PipelineConfigLoader;
import io.vseg.runtime.config.PipelineSpec;
import io.vseg.runtime.pipeline.PipelineFactory;
import io.vseg.runtime.plugin.ComponentKind;
import io.vseg.runtime.plugin.PluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainFuserTest {
    private static final PluginRegistry REGISTRY = PluginRegistry.discover(null);

    /** A member that adds its number to every logit and records its calls in a shared log. */
    private record Adding(int number, List<String> log) implements Fuser {
        @Override
        public Features fuse(Features features, FrameContext ctx) {
            log.add("fuse " + number);
            float[] v = features.logits().toArray();
            for (int i = 0; i < v.length; i++) {
                v[i] = v[i] * 10 + number;
            }
            Features.Stage s = features.stage(Features.LOGITS);
            return features.with(Features.LOGITS, Tensor.wrap(1, 1, 1, v), s.stride());
        }

        @Override
        public void reset() {
            log.add("reset " + number);
        }
    }

    @Test
    void membersRunInOrderEachOnTheOnesBeforeAndResetTogether() {
        List<String> log = new ArrayList<>();
        ChainFuser chain = new ChainFuser(List.of(new Adding(1, log), new Adding(2, log), new Adding(3, log)));
        Features out = chain.fuse(Features.of(Features.LOGITS, Tensor.wrap(1, 1, 1, new float[] {0}), 1), null);
        // ((0 * 10 + 1) * 10 + 2) * 10 + 3: member 1 first, 3 last, each on what the one before produced.
        assertThat(out.logits().toArray()).containsExactly(123f);
        chain.reset();
        assertThat(log).containsExactly("fuse 1", "fuse 2", "fuse 3", "reset 1", "reset 2", "reset 3");
    }

    /** A member that records its close in the shared log, and fails to close if told to. */
    private record ClosingMember(int number, List<String> log, boolean fails) implements Fuser, AutoCloseable {
        @Override
        public Features fuse(Features features, FrameContext ctx) {
            return features;
        }

        @Override
        public void close() throws IOException {
            log.add("close " + number);
            if (fails) {
                throw new IOException("member " + number + " failed to close");
            }
        }
    }

    @Test
    void closingTheChainClosesEveryMemberWhateverOneThrows() {
        List<String> log = new ArrayList<>();
        ChainFuser chain = new ChainFuser(List.of(new ClosingMember(1, log, true), new Adding(2, log),
                new ClosingMember(3, log, true), new ClosingMember(4, log, false)));
        assertThatThrownBy(chain::close).isInstanceOf(IllegalStateException.class)
                .hasMessage("closing ClosingMember: member 1 failed to close").hasCauseInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("closing ClosingMember: member 3 failed to close"));
        assertThat(log).containsExactly("close 1", "close 3", "close 4");
    }

    @Test
    void anEmptyChainPassesTheFeaturesThrough() {
        Features in = Features.of(Features.LOGITS, Tensor.wrap(1, 1, 1, new float[] {4}), 1);
        assertThat(new ChainFuser(List.of()).fuse(in, null)).isSameAs(in);
    }

    private static PipelineSpec load(Path dir, String hocon) throws IOException {
        Path file = dir.resolve("pipeline.conf");
        Files.writeString(file, hocon);
        return new PipelineConfigLoader(REGISTRY).load(file, ConfigFactory.empty());
    }

    @Test
    void aConfiguredChainIsValidatedAndMadeWithItsMembers(@TempDir Path dir) throws Exception {
        PipelineSpec spec = load(dir, "vseg.pipeline.fuser { type = chain, fusers = [{ type = none }, { type = none }] }\n");
        assertThat(spec.component(ComponentKind.FUSER).members()).extracting(m -> m.type())
                .containsExactly("none", "none");
        Fuser made = new PipelineFactory().component(spec, ComponentKind.FUSER, Fuser.class);
        assertThat(made).isInstanceOfSatisfying(ChainFuser.class, c -> assertThat(c.members()).hasSize(2)
                .allSatisfy(m -> assertThat(m).isInstanceOf(NoneFuser.class)));

        assertThatThrownBy(() -> load(dir, "vseg.pipeline.fuser { type = chain, fusers = [{ type = none, w = 1 }] }\n"))
                .hasMessageContaining("vseg.pipeline.fuser.fusers.0.w").hasMessageContaining("unknown key");
        assertThatThrownBy(() -> load(dir, "vseg.pipeline.fuser { type = chain, fusers = [{ type = nonee }] }\n"))
                .hasMessageContaining("vseg.pipeline.fuser.fusers.0.type").hasMessageContaining("nonee");
        assertThatThrownBy(() -> load(dir, "vseg.pipeline.fuser { type = chain, fusers = [{ type = chain }] }\n"))
                .hasMessageContaining("unknown fuser 'chain'");
        assertThatThrownBy(() -> load(dir, "vseg.pipeline.fuser { type = chain, fusers = [none] }\n"))
                .hasMessageContaining("vseg.pipeline.fuser.fusers.0");
    }

    @Test
    void aChainWithoutItsMembersIsRefusedByItsFactory() {
        assertThatThrownBy(() -> new ChainFuser.Factory().create(ConfigFactory.parseString("fusers = [{type = none}]"),
                PipelineFactory.context("vseg.pipeline.fuser", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("fusers:");
    }
}
