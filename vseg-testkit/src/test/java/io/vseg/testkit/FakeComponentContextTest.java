package io.vseg.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FakeComponentContextTest {

    @Test
    void relativePathsResolveAgainstTheFolderAbsoluteOnesStayAsGiven() {
        FakeComponentContext ctx = FakeComponentContext.in(Path.of("/configs"), "vseg.pipeline.scheduler");
        assertThat(ctx.resolve("models/a.json")).isEqualTo(Path.of("/configs/models/a.json"));
        assertThat(ctx.resolve("/elsewhere/b.json")).isEqualTo(Path.of("/elsewhere/b.json"));
        assertThat(ctx.configPath()).isEqualTo("vseg.pipeline.scheduler");
        assertThat(ctx.threads()).isOne();
        assertThat(ctx.withThreads(3).threads()).isEqualTo(3);
    }

    @Test
    void withoutAFolderPathsStayRelativeToTheWorkingDirectory() {
        assertThat(FakeComponentContext.of("x").resolve("models/a.json")).isEqualTo(Path.of("models/a.json"));
        assertThatThrownBy(() -> FakeComponentContext.of("x").withThreads(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
