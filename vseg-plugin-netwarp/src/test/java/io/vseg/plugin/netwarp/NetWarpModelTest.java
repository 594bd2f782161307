package io.vseg.plugin.netwarp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.vseg.api.Features;
import io.vseg.api.tensor.Tensor;
import io.vseg.learn.Djl;
import io.vseg.learn.NdTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetWarpModelTest {
    @BeforeAll
    static void engine() {
        Djl.configure(1);
    }

    @Test
    void aSavedModelReloadsWithIdenticalWeightsAndTransform(@TempDir Path folder) throws Exception {
        float[] v = new float[FlowTransform.INPUTS * 9 * 16];
        Random r = new Random(3);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        Tensor input = Tensor.wrap(FlowTransform.INPUTS, 9, 16, v);
        float[] w2;
        Tensor delta;
        try (Model model = Model.newInstance(NetWarpModel.NAME, "PyTorch")) {
            NetWarpSequence net = new NetWarpSequence(2, 8, 0.3f);
            model.setBlock(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 2, 2, 36, 64),
                    new Shape(1, 2, 2, 36, 64), new Shape(1, 2, FlowTransform.INPUTS, 9, 16));
            w2 = net.w2();
            NDArray x = NdTensors.toArray(model.getNDManager(), input);
            delta = NdTensors.toTensor(net.transform().forward(new ParameterStore(model.getNDManager(), false),
                    new NDList(x), false).singletonOrThrow());
            NetWarpModel.save(folder, model, Features.LOGITS, 8, 4, Map.of("seed", 42));
        }
        assertThat(w2).containsOnly(0.3f);
        try (NetWarpModel loaded = NetWarpModel.load(folder)) {
            assertThat(loaded.downscale()).isEqualTo(4);
            assertThat(loaded.stages()).singleElement().satisfies(s -> {
                assertThat(s.stage()).isEqualTo(Features.LOGITS);
                assertThat(s.w2()).containsExactly(w2);
            });
            assertThat(loaded.transform().delta(input).toArray()).containsExactly(delta.toArray());
            assertThat(loaded.withoutTransform().transform()).isNull();
        }
    }

    @Test
    void aFolderWithoutACardIsNamed(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("netwarp-0000.params"), "not parameters");
        assertThat(catchThrowable(() -> NetWarpModel.load(folder))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("model:").hasMessageContaining(NetWarpModel.CARD);
    }
}
