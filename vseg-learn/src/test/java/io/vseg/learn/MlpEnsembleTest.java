package io.vseg.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlpEnsembleTest {
    private static final List<String> NAMES = List.of("a", "b");

    /** A noisy, non-linear target: seeds end in different minima. */
    private static Samples.Split split() {
        Random r = new Random(5);
        Samples s = new Samples(2);
        for (int i = 0; i < 400; i++) {
            float a = r.nextFloat() * 4;
            float b = r.nextFloat();
            s.add(i % 8, new float[] {a, b}, (float) (Math.exp(-a) * b + 0.1 * r.nextFloat()));
        }
        return s.split(0.25, 3);
    }

    private static MlpFit.Options options(long seed) {
        return new MlpFit.Options(new int[] {8}, 15, 32, 0.01, 0, seed, 1, false);
    }

    @Test
    void theEnsemblePredictsTheMeanOfItsMembersAndTheirSeedsFollowTheFirst(@TempDir Path dir) throws IOException {
        Samples.Split split = split();
        List<String> lines = new ArrayList<>();
        MlpEnsemble.Result result = MlpEnsemble.fit(split.train(), split.validation(), NAMES, options(7), 3,
                dir.resolve("e"), "m", Map.of("command", "test"), lines::add);

        MlpEnsemble loaded = MlpEnsemble.load(dir.resolve("e"), "m");
        assertThat(loaded.card().getString("format")).isEqualTo(MlpEnsemble.FORMAT);
        assertThat(loaded.card().getStringList("members")).containsExactly("member-1", "member-2", "member-3");
        assertThat(loaded.members()).hasSize(3);
        List<MlpModel> members = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            members.add(MlpModel.load(dir.resolve("e/member-" + i), "m"));
            assertThat(members.get(i - 1).card().getLong("training.seed")).isEqualTo(6 + i);
        }
        float[] x = {1.2f, 0.7f};
        double mean = (members.get(0).predict(x) + members.get(1).predict(x) + members.get(2).predict(x)) / 3;
        assertThat(loaded.predict(x)).isCloseTo(mean, within(1e-12));
        assertThat(members.get(0).predict(x)).isNotEqualTo(members.get(1).predict(x));
        assertThat(lines).anyMatch(l -> l.startsWith("member 2/3 (seed 8): epoch"));

        // Member 2 is exactly the plain fit of seed 8.
        MlpFit.Result plain = MlpFit.fit(split.train(), split.validation(), NAMES, options(8), dir.resolve("p"), "m",
                Map.of(), l -> { });
        assertThat(plain.model().predict(x)).isEqualTo(members.get(1).predict(x));

        // Squared error is convex: the mean of the members errs no more than the members do on average.
        double average = result.members().stream().mapToDouble(MlpFit.Result::validationError).average().orElseThrow();
        assertThat(result.validationError()).isLessThanOrEqualTo(average).isLessThan(result.meanError());
        assertThat(loaded.card().getDouble("training.validation-mse"))
                .isCloseTo(result.validationError(), within(1e-6));
    }

    @Test
    void oneMemberIsAPlainFitFolder(@TempDir Path dir) throws IOException {
        Samples.Split split = split();
        MlpEnsemble.fit(split.train(), split.validation(), NAMES, options(7), 1, dir, "m", Map.of(), l -> { });
        assertThat(Files.exists(dir.resolve("member-1"))).isFalse();
        float[] x = {0.5f, 0.5f};
        assertThat(MlpEnsemble.load(dir, "m").predict(x)).isEqualTo(MlpModel.load(dir, "m").predict(x));
    }

    @Test
    void aMissingMemberIsNamed(@TempDir Path dir) throws IOException {
        Samples.Split split = split();
        MlpEnsemble.fit(split.train(), split.validation(), NAMES, options(7), 2, dir, "m", Map.of(), l -> { });
        Files.delete(dir.resolve("member-2/m.json"));
        assertThatThrownBy(() -> MlpEnsemble.load(dir, "m")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("member-2").hasMessageContaining("m.json not found");
        assertThatThrownBy(() -> MlpEnsemble.fit(split.train(), split.validation(), NAMES, options(7), 0, dir, "m",
                Map.of(), l -> { })).hasMessageStartingWith("members:");
    }
}
