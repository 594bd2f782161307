package io.vseg.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop on a tiny convolutional regression: y = a 3x3 filter of x, which a 3x3 convolution can learn. */
class TrainingLoopTest {
    private static final int N = 48;
    private static final int BATCH = 8;
    private static final Shape SAMPLE = new Shape(2, 6, 6);

    @BeforeAll
    static void configure() {
        Djl.configure(1);
    }

    /** What one run reports and saves. */
    private record Run(TrainingLoop.Result result, List<String> lines, List<Integer> saved, byte[] parameters) {
    }

    private static Run run(Path folder, long seed, Loss loss) throws IOException {
        return run(folder, seed, loss, false);
    }

    /** With {@code exactStart}, the convolution starts at the target filter and the loop keeps that start. */
    private static Run run(Path folder, long seed, Loss loss, boolean exactStart) throws IOException {
        List<String> lines = new ArrayList<>();
        List<Integer> saved = new ArrayList<>();
        try (Model model = Model.newInstance("tiny", "PyTorch"); NDManager data = NDManager.newBaseManager()) {
            model.setBlock(ConvBlocks.conv(1, 3));
            float[][] xy = samples(N + 16);
            NDArray x = data.create(xy[0], new Shape(N + 16, 2, 6, 6));
            NDArray y = data.create(xy[1], new Shape(N + 16, 1, 6, 6));
            NDArray xTrain = x.get("0:" + N);
            NDArray yTrain = y.get("0:" + N);
            NDArray xHeld = x.get(N + ":");
            NDArray yHeld = y.get(N + ":");
            TrainingLoop loop = TrainingLoop.builder(6, seed)
                    .validation("mse", TrainingLoop.Goal.MINIMIZE,
                            t -> t.evaluate(new NDList(xHeld)).singletonOrThrow().sub(yHeld).square().mean().getFloat())
                    .checkpoint(folder, epoch -> {
                        saved.add(epoch.number());
                        model.setProperty("Epoch", "0");
                        model.save(folder, "tiny");
                    })
                    .progress(lines::add)
                    .build();
            ArrayDataset train = new ArrayDataset.Builder().setData(xTrain).optLabels(yTrain)
                    .setSampling(new BatchSampler(loop.shuffle(), BATCH, false)).build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss).optOptimizer(Optimizer.adam()
                    .optLearningRateTracker(Tracker.fixed(0.05f)).build());
            try (Trainer trainer = loop.newTrainer(model, config, new Shape(1).addAll(SAMPLE))) {
                if (exactStart) {
                    float[] w = new float[18];
                    for (int i = 0; i < 9; i++) {
                        w[i] = i % 3 == 1 ? 0.5f : 0.25f;
                    }
                    w[9 + 4] = -0.5f;
                    model.getBlock().getParameters().get("weight").getArray().set(w);
                    model.getBlock().getParameters().get("bias").getArray().set(new float[] {0f});
                }
                double start = exactStart ? loop.keepStart() : loop.validate();
                lines.add(String.format(java.util.Locale.ROOT, "start %.6f", start));
                TrainingLoop.Result result = loop.fit(train, N / BATCH);
                return new Run(result, lines, saved, Files.readAllBytes(folder.resolve("tiny-0000.params")));
            }
        }
    }

    /** Inputs in [-1, 1] and their target, a fixed 3x3 filter of the first channel minus the second. */
    private static float[][] samples(int n) {
        Random r = new Random(3);
        int hw = 36;
        float[] x = new float[n * 2 * hw];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        float[] y = new float[n * hw];
        for (int s = 0; s < n; s++) {
            for (int py = 0; py < 6; py++) {
                for (int px = 0; px < 6; px++) {
                    float v = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int qy = py + dy;
                            int qx = px + dx;
                            if (qy >= 0 && qy < 6 && qx >= 0 && qx < 6) {
                                v += (dx == 0 ? 0.5f : 0.25f) * x[(s * 2) * hw + qy * 6 + qx];
                            }
                        }
                    }
                    y[s * hw + py * 6 + px] = v - 0.5f * x[(s * 2 + 1) * hw + py * 6 + px];
                }
            }
        }
        return new float[][] {x, y};
    }

    @Test
    void itKeepsTheBestEpochAndRepeatsForItsSeed(@TempDir Path dir) throws IOException {
        Run a = run(dir.resolve("a"), 11, Loss.l2Loss());
        Run b = run(dir.resolve("b"), 11, Loss.l2Loss());

        TrainingLoop.Result r = a.result();
        assertThat(r.epochs()).isEqualTo(6);
        List<String> epochs = a.lines().stream().filter(l -> l.matches("epoch \\d/6: train loss .*")).toList();
        assertThat(epochs).hasSize(6);
        assertThat(epochs.get(r.best().number() - 1)).contains("validation mse").endsWith("(best, saved)");
        assertThat(a.saved()).last().isEqualTo(r.best().number());
        assertThat(a.lines()).anyMatch(l -> l.matches("epoch 1/6 batch 6/6 loss [0-9.]+ \\([0-9.]+ s/batch\\)"));
        double start = Double.parseDouble(a.lines().get(0).substring("start ".length()));
        assertThat(r.best().validation()).isLessThan(start * 0.2);

        assertThat(b.result()).isEqualTo(r);
        assertThat(b.parameters()).isEqualTo(a.parameters());
        assertThat(run(dir.resolve("c"), 12, Loss.l2Loss()).result()).isNotEqualTo(r);
    }

    @Test
    void aKeptStartStaysWhereNoEpochBeatsIt(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("exact");
        Run run = run(folder, 11, Loss.l2Loss(), true);
        // The start is the target filter itself: every epoch of Adam moves away from it.
        assertThat(run.lines())
                .anyMatch(l -> l.matches("start: validation mse 0\\.0000 \\(saved; an epoch must beat it\\)"));
        assertThat(run.saved()).containsExactly(0);
        assertThat(run.result().best().number()).isZero();
        assertThat(run.lines().stream().filter(l -> l.endsWith("(best, saved)"))).isEmpty();
        try (Model model = Model.newInstance("tiny", "PyTorch")) {
            model.setBlock(ConvBlocks.conv(1, 3));
            model.load(folder, "tiny");
            assertThat(model.getBlock().getParameters().get("weight").getArray().toFloatArray()[4]).isEqualTo(0.5f);
        }
        // Without it, the same run keeps its best epoch, however far from the start.
        assertThat(run(dir.resolve("plain"), 11, Loss.l2Loss()).result().best().number()).isPositive();
    }

    @Test
    void aLossThatIsNotANumberStopsTheRunInOneLineNamingWhatWasKept(@TempDir Path dir) {
        assertThatThrownBy(() -> run(dir.resolve("nan"), 11, new NanAfter(0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the training loss is not a number in epoch 1")
                .hasMessageEndingWith("no model was saved")
                .hasMessageNotContaining("\n");
        Path kept = dir.resolve("kept");
        assertThatThrownBy(() -> run(kept, 11, new NanAfter(2 * (N / BATCH))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the training loss is not a number in epoch 2")
                .hasMessageEndingWith("the best model so far (epoch 1) stays in " + kept);
        assertThat(kept.resolve("tiny-0000.params")).isRegularFile();
    }

    /** The squared error until it has been evaluated {@code calls} times (twice a batch), then NaN. */
    private static final class NanAfter extends Loss {
        private final Loss l2 = Loss.l2Loss();
        private final int calls;
        private int count;

        NanAfter(int calls) {
            super("nan-after");
            this.calls = calls;
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            NDArray loss = l2.evaluate(labels, predictions);
            return count++ < calls ? loss : loss.mul(Float.NaN);
        }
    }
}
