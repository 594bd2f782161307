package io.vseg.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlpFitTest {
    private static final List<String> NAMES = List.of("a", "b", "noise");

    /** y depends non-linearly on a and b; the third feature is noise. Eight groups (clips). */
    private static Samples samples(long seed) {
        Random r = new Random(seed);
        Samples s = new Samples(3);
        for (int i = 0; i < 800; i++) {
            float a = r.nextFloat() * 4;
            float b = r.nextFloat();
            float y = (float) (Math.exp(-a) * (0.5 + 0.5 * b));
            s.add(i % 8, new float[] {a, b * 100, r.nextFloat()}, y);
        }
        return s;
    }

    private static MlpFit.Options options(long seed) {
        return options(seed, false);
    }

    private static MlpFit.Options options(long seed, boolean refit) {
        return new MlpFit.Options(new int[] {16, 16}, 40, 32, 0.01, 0, seed, 1, refit);
    }

    @Test
    void fitBeatsTheMeanAndReloadsWithIdenticalPredictions(@TempDir Path dir) throws IOException {
        Samples.Split split = samples(1).split(0.25, 7);
        List<String> lines = new ArrayList<>();
        MlpFit.Result result = MlpFit.fit(split.train(), split.validation(), NAMES, options(3), dir, "m",
                Map.of("command", "test"), lines::add);

        assertThat(result.validationError()).isLessThan(result.meanError() * 0.2);
        assertThat(lines).isNotEmpty().allMatch(l -> l.contains("validation mse"));
        assertThat(Files.exists(dir.resolve("m-0000.params"))).isTrue();
        assertThat(result.model().card().getInt("training.best-epoch")).isEqualTo(result.bestEpoch());
        assertThat(result.model().card().getString("training.command")).isEqualTo("test");

        MlpModel again = MlpModel.load(dir, "m");
        for (int i = 0; i < split.validation().size(); i++) {
            float[] x = split.validation().x(i);
            assertThat(again.predict(x)).isEqualTo(result.model().predict(x));
        }
        assertThat(split.validation().squaredError(again::predict)).isEqualTo(result.validationError());
    }

    @Test
    void refittingOnAllSamplesRunsTheChosenEpochsAgainAndSavesThatModel(@TempDir Path dir) throws IOException {
        Samples.Split split = samples(4).split(0.25, 7);
        List<String> lines = new ArrayList<>();
        MlpFit.Result refit = MlpFit.fit(split.train(), split.validation(), NAMES, options(3, true), dir, "m",
                Map.of(), lines::add);

        // The epoch is chosen on the validation samples; then that many epochs run again on every sample, and
        // that network is the one saved (one fit, so the test does not rely on two trainings matching bit for bit).
        assertThat(refit.bestEpoch()).isBetween(1, 40);
        assertThat(refit.validationError()).isLessThan(refit.meanError());
        assertThat(lines).contains("refit on all " + (split.train().size() + split.validation().size())
                + " samples for " + refit.bestEpoch() + " epochs");
        Config card = refit.model().card();
        assertThat(card.getInt("training.best-epoch")).isEqualTo(refit.bestEpoch());
        assertThat(card.getInt("training.refit.epochs")).isEqualTo(refit.bestEpoch());
        assertThat(card.getInt("training.refit.samples")).isEqualTo(split.train().size() + split.validation().size());
        // The saved network is not the chosen epoch's: its error on all samples is its own.
        double allError = split.train().concat(split.validation()).squaredError(refit.model()::predict);
        assertThat(card.getDouble("training.refit.mse-on-all")).isCloseTo(allError, within(1e-6));
        float[] x = {1.5f, 40, 0.5f};
        assertThat(MlpModel.load(dir, "m").predict(x)).isEqualTo(refit.model().predict(x));
    }

    @Test
    void theSameSeedGivesTheSameModel(@TempDir Path dir) throws IOException {
        Samples.Split split = samples(2).split(0.25, 7);
        MlpModel one = MlpFit.fit(split.train(), split.validation(), NAMES, options(5), dir.resolve("1"), "m",
                Map.of(), l -> { }).model();
        MlpModel two = MlpFit.fit(split.train(), split.validation(), NAMES, options(5), dir.resolve("2"), "m",
                Map.of(), l -> { }).model();
        float[] x = {1.5f, 40, 0.5f};
        assertThat(two.predict(x)).isEqualTo(one.predict(x));
    }

    @Test
    void splitsByGroupAndNeverLeavesASideEmpty() {
        Samples s = samples(3);
        Samples.Split split = s.split(0.25, 11);
        assertThat(split.validationGroups()).hasSize(2);
        for (int i = 0; i < split.train().size(); i++) {
            assertThat(split.validationGroups()).doesNotContain(split.train().group(i));
        }
        assertThat(split.train().size() + split.validation().size()).isEqualTo(s.size());

        Samples one = new Samples(1);
        for (int i = 0; i < 10; i++) {
            one.add(0, new float[] {i}, i);
        }
        Samples.Split tail = one.split(0.2, 1);
        assertThat(tail.validation().size()).isEqualTo(2);
        assertThat(tail.validation().y(0)).isEqualTo(8f);

        Samples single = new Samples(1);
        single.add(0, new float[] {1}, 1);
        assertThatThrownBy(() -> single.split(0.5, 1)).hasMessageContaining("too few samples");
    }

    @Test
    void aFitWhoseErrorIsNotANumberStopsAndSaysSo(@TempDir Path dir) {
        // Adam's steps are about the learning rate in size: at 1e38 the weights overflow in the first epoch.
        MlpFit.Options wild = new MlpFit.Options(new int[] {16, 16}, 40, 32, 1e38, 0, 1, 1, false);
        Samples.Split split = samples(1).split(0.25, 7);
        assertThatThrownBy(() -> MlpFit.fit(split.train(), split.validation(), NAMES, wild, dir, "m", Map.of(),
                line -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the training error is not a number in epoch 1:");
    }

    @Test
    void aMissingCardIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> MlpModel.load(dir, "m")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("m.json not found");
    }
}
