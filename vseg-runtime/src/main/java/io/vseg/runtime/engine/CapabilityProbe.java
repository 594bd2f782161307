package io.vseg.runtime.engine;

import io.vseg.api.Features;
import io.vseg.api.Image;
import io.vseg.api.spi.Capabilities;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The capabilities of an extractor whose network reads a fixed input size, found by running it once on a grey
 * image of that size and reading each stage's shape: stride = input width / stage width. The engines cannot all
 * tell a layer's shape without running it (a TFLite graph in OpenCV DNN, a staged ONNX file's dynamic axes), and
 * one pass at start-up costs a frame's time once.
 */
final class CapabilityProbe {
    private CapabilityProbe() {
    }

    static Capabilities probe(FeatureExtractor extractor, int inputWidth, int inputHeight) {
        byte[] grey = new byte[inputWidth * inputHeight * 3];
        java.util.Arrays.fill(grey, (byte) 128);
        Features f = extractor.extract(Image.wrap(inputWidth, inputHeight, grey),
                new LinkedHashSet<>(extractor.stages()), Features.empty());
        List<Capabilities.StageInfo> stages = new ArrayList<>();
        for (String name : extractor.stages()) {
            Optional<Features.Stage> stage = f.find(name);
            if (stage.isPresent()) {
                Tensor t = stage.get().tensor();
                stages.add(new Capabilities.StageInfo(name, (double) inputWidth / t.width(), t.channels()));
            } else {
                stages.add(new Capabilities.StageInfo(name, 0, 0));
            }
        }
        return new Capabilities(Optional.of(new Capabilities.Size(inputWidth, inputHeight)), stages);
    }
}
