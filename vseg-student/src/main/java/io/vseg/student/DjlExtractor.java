package io.vseg.student;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.typesafe.config.Config;
import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Image;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.ExtractorFactory;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.api.tensor.Tensor;
import io.vseg.learn.Djl;
import io.vseg.learn.NdTensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A vseg-trained staged network (the student of {@code vseg train distill}) run by DJL's PyTorch engine. Any
 * stage runs alone on the outputs of the stages it reads, taken from the cache where given: stage1 (stride 4),
 * stage2 (8), scores2 (class scores at 8), stage3 (16) and logits (fused from all of them), with the mobile
 * layout's stem (2) first. The result holds the requested stages only.
 *
 * <p>Frames are resized to the model's input width and the height that keeps their aspect ratio, rounded to a
 * multiple of 16 (the network's total stride).
 */
public final class DjlExtractor implements FeatureExtractor {
    public static final String NAME = "djl";

    private final StudentModel model;
    private final StudentNet net;
    private final List<String> stages;
    private final Map<String, List<String>> inputs = new HashMap<>();
    private final int inputWidth;
    private final ParameterStore parameters;
    private ByteBuffer input;

    private DjlExtractor(StudentModel model, int inputWidth) {
        this.model = model;
        this.net = StudentNet.foldBatchNorm(model.net(), model.manager(),
                new Shape(1, 3, model.inputHeight(), model.inputWidth()));
        this.inputWidth = inputWidth;
        this.stages = model.net().architecture().stages().stream().map(StudentArchitecture.Stage::name).toList();
        model.net().architecture().stages().forEach(s -> inputs.put(s.name(), s.inputs()));
        this.parameters = new ParameterStore(model.manager(), false);
    }

    @Override
    public List<String> stages() {
        return stages;
    }

    @Override
    public ClassSet classes() {
        return model.classes();
    }

    /** The network input height for a frame, keeping its aspect ratio, a multiple of 16. */
    int inputHeight(Image image) {
        long h = Math.round((double) inputWidth * image.height() / image.width() / 16.0) * 16;
        return (int) Math.max(16, h);
    }

    @Override
    public Features extract(Image image, Set<String> requested, Features cached) {
        for (String s : requested) {
            if (!inputs.containsKey(s)) {
                throw new IllegalArgumentException("unknown stage '" + s + "'; stages: " + stages);
            }
        }
        try (NDManager scope = model.manager().newSubManager()) {
            Run run = new Run(scope, image, requested, cached);
            for (String s : stages) {
                if (requested.contains(s)) {
                    run.stage(s);
                }
            }
            return run.result;
        }
    }

    /** One extraction: stages resolved on demand, from the cache or fresh. */
    private final class Run {
        private final NDManager scope;
        private final Image image;
        private final Set<String> requested;
        private final Features cached;
        private final Map<String, NDArray> values = new HashMap<>();
        private Features result = Features.empty();

        Run(NDManager scope, Image image, Set<String> requested, Features cached) {
            this.scope = scope;
            this.image = image;
            this.requested = requested;
            this.cached = cached;
        }

        NDArray stage(String name) {
            NDArray v = values.get(name);
            if (v != null) {
                return v;
            }
            if (!requested.contains(name) && cached.has(name)) {
                v = NdTensors.toArray(scope, cached.tensor(name));
            } else {
                List<String> reads = inputs.get(name);
                v = net.stage(parameters, name, reads.isEmpty() ? List.of(image()) : reads.stream().map(this::stage)
                        .toList(), false);
                if (requested.contains(name)) {
                    // Only what was asked for leaves the engine: copying every intermediate stage out would
                    // cost more than some of the stages themselves.
                    Tensor t = NdTensors.toTensor(v);
                    result = result.with(name, t, (double) image.width() / t.width());
                }
            }
            values.put(name, v);
            return v;
        }

        private NDArray image() {
            int h = inputHeight(image);
            int n = 3 * h * inputWidth;
            if (input == null || input.capacity() != n * Float.BYTES) {
                input = NdTensors.direct(n);
            }
            byte[] rgb = OpenCv.resizeRgb(image, inputWidth, h);
            StudentArchitecture arch = model.net().architecture();
            NdTensors.normalize(rgb, inputWidth, h, arch.mean(), arch.std(), input.asFloatBuffer(), 0);
            return scope.create(input, new Shape(1, 3, h, inputWidth), DataType.FLOAT32);
        }
    }

    @Override
    public void close() {
        model.close();
    }

    /** Its factory. */
    public static final class Factory implements ExtractorFactory {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "a vseg-trained staged network (vseg train distill) run by DJL/PyTorch, stage by stage";
        }

        @Override
        public FeatureExtractor create(Config config, ComponentContext context) {
            String value = config.getString("model");
            if (value.isBlank()) {
                throw new IllegalArgumentException("model: required, a folder written by vseg train distill");
            }
            Path folder = context.resolve(value);
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException("model: model folder not found: " + folder);
            }
            int width = config.getInt("input-width");
            if (width < 0 || width % 16 != 0) {
                throw new IllegalArgumentException("input-width: a multiple of 16 (0 for the model's), got " + width);
            }
            int threads = config.getInt("threads");
            if (threads < 1) {
                throw new IllegalArgumentException("threads: must be >= 1, got " + threads);
            }
            Djl.configure(threads);
            StudentModel model;
            try {
                model = StudentModel.load(folder);
            } catch (IOException e) {
                throw new UncheckedIOException("model: " + folder + ": " + e.getMessage(), e);
            }
            try {
                return new DjlExtractor(model, width == 0 ? model.inputWidth() : width);
            } catch (RuntimeException | Error e) {
                model.close(); // the network is the extractor's to close, and there is no extractor
                throw e;
            }
        }
    }
}
