package io.vseg.plugin.netwarp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import io.vseg.api.tensor.BorderMode;
import io.vseg.api.tensor.FlowField;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import io.vseg.learn.Djl;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FlowTransformTest {
    private static final int H = 9;
    private static final int W = 13;

    @BeforeAll
    static void engine() {
        Djl.configure(1);
    }

    private static Tensor random(int channels, long seed, float scale) {
        Random r = new Random(seed);
        float[] v = new float[channels * H * W];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian() * scale;
        }
        return Tensor.wrap(channels, H, W, v);
    }

    private static FlowTransform.Runner runner(SequentialBlock block, Model model) {
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, FlowTransform.INPUTS, H, W));
        return new FlowTransform.Runner(model, block);
    }

    @Test
    void withZeroWeightsTheTransformLeavesTheFlowUnchanged() {
        Tensor input = FlowTransform.input(FlowField.of(random(2, 1, 2f)), random(3, 2, 0.3f), random(3, 3, 0.3f));
        SequentialBlock block = FlowTransform.block(8);
        try (FlowTransform.Runner r = runner(block, Model.newInstance("t", "PyTorch"))) {
            assertThat(maxAbs(r.delta(input))).as("a random start corrects the flow").isGreaterThan(1e-3f);
            for (var p : block.getParameters()) {
                NDArray a = p.getValue().getArray();
                a.set(FloatBuffer.wrap(new float[Math.toIntExact(a.size())]));
            }
            assertThat(maxAbs(r.delta(input))).isZero();
        }
    }

    @Test
    void anUntrainedTransformStartsAsTheIdentity() {
        Tensor input = FlowTransform.input(FlowField.of(random(2, 4, 2f)), random(3, 5, 0.3f), random(3, 6, 0.3f));
        SequentialBlock block = FlowTransform.block(8);
        try (FlowTransform.Runner r = runner(block, Model.newInstance("t", "PyTorch"))) {
            FlowTransform.zeroLastLayer(block);
            assertThat(maxAbs(r.delta(input))).isZero();
        }
    }

    @Test
    void itsInputIsTheFlowBothFramesAndTheirDifferenceAfterWarping() {
        FlowField flow = FlowField.of(random(2, 7, 1.5f));
        Tensor image = random(3, 8, 0.3f);
        Tensor previous = random(3, 9, 0.3f);
        Tensor in = FlowTransform.input(flow, image, previous);
        assertThat(in.channels()).isEqualTo(FlowTransform.INPUTS);
        Tensor warped = Tensors.warp(previous, flow, BorderMode.REPLICATE);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                for (int c = 0; c < 2; c++) {
                    assertThat(in.get(c, y, x)).isEqualTo(flow.tensor().get(c, y, x));
                }
                for (int c = 0; c < 3; c++) {
                    assertThat(in.get(2 + c, y, x)).isEqualTo(image.get(c, y, x));
                    assertThat(in.get(5 + c, y, x)).isEqualTo(previous.get(c, y, x));
                    assertThat(in.get(8 + c, y, x)).isCloseTo(image.get(c, y, x) - warped.get(c, y, x),
                            within(1e-6f));
                }
            }
        }
    }

    private static float maxAbs(Tensor t) {
        float m = 0;
        for (float v : t.toArray()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
