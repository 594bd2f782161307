package io.vseg.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConvBlocksTest {
    @BeforeAll
    static void configure() {
        Djl.configure(1);
    }

    @Test
    void paddingKeepsTheSizeAtStrideOneAndHalvesItAtTwo() {
        Shape in = new Shape(1, 3, 16, 12);
        assertThat(shape(ConvBlocks.convRelu(8, 3, 1), in)).isEqualTo(new Shape(1, 8, 16, 12));
        assertThat(shape(ConvBlocks.convBnRelu(8, 3, 2), in)).isEqualTo(new Shape(1, 8, 8, 6));
        assertThat(shape(ConvBlocks.conv(5, 5), in)).isEqualTo(new Shape(1, 5, 16, 12));
        assertThat(shape(ConvBlocks.conv1x1(2), in)).isEqualTo(new Shape(1, 2, 16, 12));
        assertThat(ConvBlocks.convBnRelu(8, 3, 1).getChildren().size()).isEqualTo(3);
        assertThatThrownBy(() -> ConvBlocks.conv(0, 3)).hasMessageStartingWith("filters: ");
    }

    @Test
    void resizeIsBilinearOnPixelCentres() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0, 4}, new Shape(1, 1, 1, 2));
            assertThat(ConvBlocks.resize(x, 1, 2)).isSameAs(x);
            // centres of 4 outputs over 2 inputs: 0, 1, 3, 4 (the edges clamp)
            assertThat(ConvBlocks.resize(x, 1, 4).toFloatArray()).containsExactly(0, 1, 3, 4);
        }
    }

    private static Shape shape(Block block, Shape in) {
        try (NDManager m = NDManager.newBaseManager()) {
            block.initialize(m, DataType.FLOAT32, in);
            return block.getOutputShapes(new Shape[] {in})[0];
        }
    }
}
