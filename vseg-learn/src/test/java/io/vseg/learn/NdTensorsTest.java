package io.vseg.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vseg.api.tensor.Tensor;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NdTensorsTest {
    @BeforeAll
    static void configure() {
        Djl.configure(1);
    }

    @Test
    void aTensorGoesInAsOneBatchAndComesBackEqual() {
        float[] v = new float[2 * 3 * 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.5f - 3;
        }
        Tensor t = Tensor.wrap(2, 3, 4, v);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = NdTensors.toArray(m, t);
            assertThat(a.getShape()).isEqualTo(new Shape(1, 2, 3, 4));
            assertThat(a.toFloatArray()).containsExactly(v);
            Tensor back = NdTensors.toTensor(a);
            assertThat(back.buffer()).isEqualTo(t.buffer());
            assertThat(NdTensors.toTensor(a.squeeze(0)).buffer()).isEqualTo(t.buffer());
            assertThatThrownBy(() -> NdTensors.toTensor(m.zeros(new Shape(2, 2, 3, 4))))
                    .hasMessageContaining("[1,C,H,W]");
        }
    }

    @Test
    void normalizeWritesPlanarChannelsAtTheOffset() {
        byte[] rgb = {(byte) 255, 0, 51, 0, (byte) 255, 102};
        FloatBuffer out = NdTensors.direct(1 + 6).asFloatBuffer();
        NdTensors.normalize(rgb, 2, 1, new float[] {0.5f, 0, 0}, new float[] {0.5f, 1, 2}, out, 1);
        float[] got = new float[7];
        out.get(0, got);
        assertThat(got).containsExactly(0, 1, -1, 0, 1, 0.1f, 0.2f);
        assertThatThrownBy(() -> NdTensors.normalize(rgb, 3, 1, new float[3], new float[] {1, 1, 1}, out, 0))
                .hasMessageStartingWith("rgb: ");
    }
}
