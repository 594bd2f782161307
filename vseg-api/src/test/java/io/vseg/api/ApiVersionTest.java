package io.vseg.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiVersionTest {

    @Test
    void currentIsTheArtifactsVersionAsTheModuleDescriptorRecordsIt() {
        // Maven compiles the module with --module-version ${project.version}; javac writes the same string into
        // every plugin's `requires io.vseg.api`, which is what the runtime checks.
        Module module = ApiVersion.class.getModule();
        if (module.isNamed()) {
            assertThat(module.getDescriptor().rawVersion()).contains(ApiVersion.CURRENT.text());
        }
        assertThat(ApiVersion.CURRENT.major()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void parsesMajorAndMinorOfAnyMavenVersion() {
        assertThat(ApiVersion.parse("1.2.3-SNAPSHOT")).contains(new ApiVersion(1, 2, "1.2.3-SNAPSHOT"));
        assertThat(ApiVersion.parse("2.0")).contains(new ApiVersion(2, 0, "2.0"));
        assertThat(ApiVersion.parse("1")).isEmpty();
        assertThat(ApiVersion.parse("snapshot")).isEmpty();
        assertThat(ApiVersion.parse(null)).isEmpty();
    }

    @Test
    void runsPluginsOfTheSameMajorBuiltAgainstThisMinorOrAnOlderOne() {
        ApiVersion running = new ApiVersion(1, 3, "1.3.0");
        assertThat(running.runs(new ApiVersion(1, 0, "1.0.0"))).isTrue();
        assertThat(running.runs(new ApiVersion(1, 3, "1.3.1"))).isTrue();
        assertThat(running.runs(new ApiVersion(1, 4, "1.4.0"))).isFalse();
        assertThat(running.runs(new ApiVersion(2, 0, "2.0.0"))).isFalse();
        // Before 1.0 the API promised nothing: a plugin built against 0.x is refused even by a 0.x runtime.
        assertThat(new ApiVersion(0, 2, "0.2").runs(new ApiVersion(0, 1, "0.1"))).isFalse();
    }
}
