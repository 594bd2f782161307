package io.vseg.plugin.grfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.vseg.api.tensor.Tensor;
import io.vseg.learn.Djl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GrfpModelTest {
    private static final int C = 3;
    private static final int H = 9;
    private static final int W = 16;

    @BeforeAll
    static void engine() {
        Djl.configure(1);
    }

    private static Tensor random(Random r, int channels, float low, float high) {
        float[] v = new float[channels * H * W];
        for (int i = 0; i < v.length; i++) {
            v[i] = low + (high - low) * r.nextFloat();
        }
        return Tensor.wrap(channels, H, W, v);
    }

    /** A model of random weights (not the near-per-frame start), as a training leaves one. */
    private static Model randomModel(int hidden) {
        Engine.getInstance().setRandomSeed(11);
        Model model = Model.newInstance(GrfpModel.NAME, "PyTorch");
        GrfpSequence net = new GrfpSequence(new StgruCell(C, hidden, 3, 2.5f, 0.5f));
        model.setBlock(net);
        net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 2, C, H, W), new Shape(1, 2, 2, H, W),
                new Shape(1, 2, 1, H, W));
        return model;
    }

    @Test
    void aSavedModelReloadsAndGivesIdenticalOutputs(@TempDir Path folder) throws Exception {
        Random r = new Random(3);
        Tensor x = random(r, C, -4, 4);
        Tensor warped = random(r, C, -4, 4);
        Tensor error = random(r, 1, 0, 0.5f);
        try (Model model = randomModel(4)) {
            GrfpModel.save(folder, model, Map.of("seed", 42));
        }
        float[] first;
        try (GrfpModel loaded = GrfpModel.load(folder)) {
            assertThat(loaded.cell().hidden()).isEqualTo(4);
            assertThat(loaded.cell().lambda()).isEqualTo(2.5f);
            first = loaded.step(x, warped, error).toArray();
            assertThat(first).doesNotContain(Float.NaN);
            // The output differs from the input: the random weights do something.
            assertThat(first).isNotEqualTo(x.toArray());
        }
        try (GrfpModel again = GrfpModel.load(folder)) {
            assertThat(again.step(x, warped, error).toArray()).containsExactly(first);
        }
    }

    @Test
    void withTheUpdateGateForcedToPassTheInputTheOutputIsThePerFrameScoresWhateverTheOtherWeights(
            @TempDir Path folder) throws Exception {
        Random r = new Random(5);
        Tensor x = random(r, C, -4, 4);
        Tensor warped = random(r, C, -4, 4);
        Tensor error = random(r, 1, 0, 0.5f);
        try (Model model = randomModel(4)) {
            StgruCell cell = ((GrfpSequence) model.getBlock()).cell();
            cell.updateGate().getParameters().get("bias").getArray().set(new float[] {1000, 1000, 1000});
            GrfpModel.save(folder, model, Map.of("seed", 42));
        }
        try (GrfpModel loaded = GrfpModel.load(folder)) {
            assertThat(loaded.step(x, warped, error).toArray()).containsExactly(x.toArray());
        }
    }

    @ParameterizedTest
    @CsvSource({"0, 2.5", "4, -2.5"})
    void aCellWhoseConvolutionsAreZeroRunsAsItsPerPixelBlendWithTheNetworksOutputs(int hidden, float lambda,
            @TempDir Path folder) throws Exception {
        Random r = new Random(7);
        Tensor x = random(r, C, -4, 4);
        Tensor warped = random(r, C, -4, 4);
        Tensor error = random(r, 1, 0, 0.5f);
        try (Model model = randomModel(hidden)) {
            StgruCell cell = ((GrfpSequence) model.getBlock()).cell();
            assertThat(cell.pointwise()).isEmpty();
            cell.startNearPerFrame();
            // What training may still change with the convolutions zero: λ (its magnitude counts), the update
            // gate's bias, the scaling; with hidden channels, the candidate's first convolution too.
            cell.getParameters().get("lambda").getArray().set(new float[] {lambda});
            cell.updateGate().getParameters().get("bias").getArray().set(new float[] {-1.5f, 0.25f, 2f});
            cell.getParameters().get("scale").getArray().set(new float[] {0.8f, 1.3f, 1f});
            GrfpModel.save(folder, model, Map.of("seed", 42));
        }
        try (GrfpModel loaded = GrfpModel.load(folder)) {
            assertThat(loaded.pointwise()).isTrue();
            float[] blend = loaded.step(x, warped, error).toArray();
            float[] network = loaded.network(x, warped, error).toArray();
            assertThat(blend).hasSameSizeAs(network);
            for (int i = 0; i < blend.length; i++) {
                assertThat(blend[i]).as("value %d", i).isCloseTo(network[i], within(1e-5f));
            }
            // Not the per-frame scores nor the memory: each class blends them its own way.
            assertThat(blend[0]).isNotCloseTo(x.toArray()[0], within(1e-3f));
        }
        try (GrfpModel untrained = GrfpModel.untrained(C, 3, 30, 0)) {
            assertThat(untrained.pointwise()).isTrue();
        }
    }

    @Test
    void aCellWithLearnedConvolutionsRunsThroughTheNetwork(@TempDir Path folder) throws Exception {
        try (Model model = randomModel(0)) {
            GrfpModel.save(folder, model, Map.of("seed", 42));
        }
        try (GrfpModel loaded = GrfpModel.load(folder)) {
            assertThat(loaded.pointwise()).isFalse();
            // Frame after frame, nothing a step makes stays behind on the model's manager (native memory that
            // grew with every frame of a run until the fuser closed).
            Tensor x = Tensor.wrap(3, 4, 5, new float[60]);
            Tensor error = Tensor.wrap(1, 4, 5, new float[20]);
            loaded.step(x, x, error);
            int arrays = loaded.manager().getManagedArrays().size();
            for (int i = 0; i < 10; i++) {
                loaded.step(x, x, error);
            }
            assertThat(loaded.manager().getManagedArrays()).hasSize(arrays);
        }
    }

    @Test
    void aFolderWithoutACardIsNamed(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("grfp-0000.params"), "not parameters");
        assertThat(catchThrowable(() -> GrfpModel.load(folder))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("model:").hasMessageContaining(GrfpModel.CARD);
    }
}
