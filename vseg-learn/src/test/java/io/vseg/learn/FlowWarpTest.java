package io.vseg.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.vseg.api.tensor.BorderMode;
import io.vseg.api.tensor.FlowField;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FlowWarpTest {

    @BeforeAll
    static void configure() {
        Djl.configure(1);
    }

    /** Training and inference must sample alike: the DJL warp equals the API's, borders and odd sizes included. */
    @Test
    void warpsAsTheApiDoesWithReplicatedBorders() {
        Random random = new Random(7);
        int c = 3;
        int h = 11;
        int w = 17;
        float[] src = new float[c * h * w];
        float[] flow = new float[2 * h * w];
        for (int i = 0; i < src.length; i++) {
            src[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < flow.length; i++) {
            flow[i] = (float) (random.nextGaussian() * 6); // many sample points fall outside the grid
        }
        Tensor expected = Tensors.warp(Tensor.wrap(c, h, w, src), FlowField.of(Tensor.wrap(2, h, w, flow)),
                BorderMode.REPLICATE);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray out = FlowWarp.warp(m.create(src, new Shape(1, c, h, w)), m.create(flow, new Shape(1, 2, h, w)));
            float[] got = out.toFloatArray();
            float[] want = expected.toArray();
            for (int i = 0; i < want.length; i++) {
                assertThat(got[i]).as("value %d", i).isCloseTo(want[i], within(1e-5f));
            }
        }
    }

    @Test
    void enlargingAFlowScalesItsDisplacementsAsTheApiDoes() {
        Random random = new Random(3);
        float[] flow = new float[2 * 5 * 7];
        for (int i = 0; i < flow.length; i++) {
            flow[i] = (float) random.nextGaussian();
        }
        float[] want = FlowField.of(Tensor.wrap(2, 5, 7, flow)).resized(9, 13).tensor().toArray();
        try (NDManager m = NDManager.newBaseManager()) {
            float[] got = FlowWarp.resize(m.create(flow, new Shape(1, 2, 5, 7)), 9, 13).toFloatArray();
            for (int i = 0; i < want.length; i++) {
                assertThat(got[i]).isCloseTo(want[i], within(1e-5f));
            }
            assertThatThrownBy(() -> FlowWarp.resize(m.zeros(new Shape(1, 2, 5, 7)), 4, 7))
                    .hasMessageContaining("enlarges");
        }
    }

    /** The gradient with respect to the flow is the image's slope: a ramp in x moved by dx changes by dx. */
    @Test
    void theFlowGetsTheGradientOfTheImage() {
        int h = 6;
        int w = 10;
        float[] ramp = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                ramp[y * w + x] = 2f * x;
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray src = m.create(ramp, new Shape(1, 1, h, w));
            NDArray flow = m.full(new Shape(1, 2, h, w), 0.25f);
            flow.setRequiresGradient(true);
            try (GradientCollector g = Engine.getInstance().newGradientCollector()) {
                NDArray out = FlowWarp.warp(src, flow);
                g.backward(out.sum());
            }
            float[] grad = flow.getGradient().toFloatArray();
            // Inside the grid, d out / d dx = 2 (the ramp's slope) and d out / d dy = 0.
            assertThat(grad[2 * w + 3]).isCloseTo(2f, within(1e-5f));
            assertThat(grad[h * w + 2 * w + 3]).isCloseTo(0f, within(1e-5f));
        }
    }
}
