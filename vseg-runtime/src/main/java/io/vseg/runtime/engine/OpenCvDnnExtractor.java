package io.vseg.runtime.engine;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Image;
import io.vseg.api.spi.Capabilities;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.ExtractorFactory;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.api.tensor.Tensor;
import io.vseg.runtime.opencv.Dnn;
import io.vseg.runtime.opencv.Mats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.StringVector;
import org.bytedeco.opencv.opencv_dnn.Net;

/**
 * A network run by OpenCV's DNN module (TFLite, ONNX, Caffe, TensorFlow, Darknet). The class-score output
 * is the {@code logits} stage; named intermediate layers are further stages, read from the same forward
 * pass (cheap "low-level" features for schedulers that look at them).
 */
public final class OpenCvDnnExtractor implements FeatureExtractor {
    public static final String NAME = "opencv-dnn";

    private final List<ModelVariant> variants;
    private final Path config;
    private final Preprocessing preprocessing;
    private final String output;
    private final OutputKind outputKind;
    private final String outputLayout;
    private final Map<String, String> stageLayers;
    private final List<String> stages;
    private final ClassSet classes;
    private Capabilities capabilities;
    private final Map<ModelVariant, Net> nets = new HashMap<>();

    private OpenCvDnnExtractor(List<ModelVariant> variants, Path config, Preprocessing preprocessing,
                               String output, OutputKind outputKind, String outputLayout,
                               Map<String, String> stageLayers, ClassSet classes) {
        this.variants = List.copyOf(variants);
        this.config = config;
        this.preprocessing = requireNonNull(preprocessing, "preprocessing is null");
        this.output = requireNonNull(output, "output is null");
        this.outputKind = outputKind;
        this.outputLayout = outputLayout;
        this.stageLayers = Map.copyOf(stageLayers);
        List<String> names = new ArrayList<>(stageLayers.keySet());
        names.add(Features.LOGITS);
        this.stages = List.copyOf(names);
        this.classes = classes;
        // Every variant's network now, so that a broken model file fails at start-up naming its key, not at the
        // first frame of its aspect ratio.
        try {
            for (int i = 0; i < this.variants.size(); i++) {
                String key = i == 0 ? "model" : "variants." + (i - 1) + ".model";
                ModelVariant v = this.variants.get(i);
                try {
                    net(v);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * A fixed input size (the first variant's; every variant has one), and each stage's stride and channels as a
     * pass on a grey frame shows them (once, on first call).
     */
    @Override
    public Capabilities capabilities() {
        if (capabilities == null) {
            capabilities = CapabilityProbe.probe(this, variants.get(0).inputWidth(), variants.get(0).inputHeight());
        }
        return capabilities;
    }

    @Override
    public List<String> stages() {
        return stages;
    }

    @Override
    public ClassSet classes() {
        return classes;
    }

    private Net net(ModelVariant v) {
        return nets.computeIfAbsent(v, k -> {
            Net net = Dnn.read(k.model(), config);
            net.setPreferableBackend(opencv_dnn.DNN_BACKEND_OPENCV);
            net.setPreferableTarget(opencv_dnn.DNN_TARGET_CPU);
            return net;
        });
    }

    @Override
    public Features extract(Image image, Set<String> requested, Features cached) {
        ModelVariant variant = ModelVariant.closest(variants, image.width(), image.height());
        Net net = net(variant);
        List<String> want = stages.stream().filter(requested::contains).toList();
        if (want.isEmpty()) {
            throw new IllegalArgumentException("no known stage among " + requested + "; stages: " + stages);
        }
        try (PointerScope scope = new PointerScope()) {
            int w = variant.inputWidth();
            int h = variant.inputHeight();
            Mat blob = new Mat(new int[] {1, 3, h, w}, opencv_core.CV_32F);
            preprocessing.write(image, w, h, blob.createBuffer());
            net.setInput(blob);
            List<String> layers = new ArrayList<>();
            for (String s : want) {
                layers.add(s.equals(Features.LOGITS) ? scoreLayer(net) : stageLayers.get(s));
            }
            MatVector outs = new MatVector();
            net.forward(outs, new StringVector(layers.toArray(new String[0])));
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (int i = 0; i < want.size(); i++) {
                Mat out = outs.get(i);
                long[] shape = new long[out.dims()];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = out.size(d);
                }
                boolean isLogits = want.get(i).equals(Features.LOGITS);
                Tensor t = Layouts.toChw(shape, Mats.floats(out), isLogits ? outputLayout : "nchw");
                if (isLogits) {
                    outputKind.check(t.channels(), classes);
                    t = outputKind.toLogits(t);
                }
                tensors.put(want.get(i), t);
            }
            Features result = Features.empty();
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                result = result.with(e.getKey(), e.getValue(), (double) image.width() / e.getValue().width());
            }
            return result;
        }
    }

    private String scoreLayer(Net net) {
        if (!output.isEmpty()) {
            return output;
        }
        StringVector names = net.getUnconnectedOutLayersNames();
        return names.get(0).getString();
    }

    @Override
    public void close() {
        nets.values().forEach(Net::close);
        nets.clear();
    }

    /** Its factory. */
    public static final class Factory implements ExtractorFactory {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "a network run by OpenCV DNN (TFLite, ONNX, Caffe, TensorFlow); named layers as extra stages";
        }

        @Override
        public FeatureExtractor create(Config c, ComponentContext context) {
            Mats.useThreads(context.threads());
            List<ModelVariant> variants = new ArrayList<>();
            variants.add(new ModelVariant(Models.existing(context, "model", c.getString("model")),
                    Models.inputSide(c, "input-width", "input-width"), Models.inputSide(c, "input-height", "input-height")));
            List<? extends Config> more = c.getConfigList("variants");
            for (int i = 0; i < more.size(); i++) {
                Config v = more.get(i);
                variants.add(new ModelVariant(Models.existing(context, "variants." + i + ".model", v.getString("model")),
                        Models.inputSide(v, "input-width", "variants." + i + ".input-width"),
                        Models.inputSide(v, "input-height", "variants." + i + ".input-height")));
            }
            String cfg = c.getString("config");
            Map<String, String> stageLayers = new LinkedHashMap<>();
            c.getConfig("stages").root().keySet().forEach(k -> stageLayers.put(k, c.getConfig("stages").getString(k)));
            if (stageLayers.containsKey(Features.LOGITS)) {
                throw new IllegalArgumentException("stages: 'logits' is the score output, set by `output`");
            }
            return new OpenCvDnnExtractor(variants, cfg.isEmpty() ? null : Models.existing(context, "config", cfg),
                    Preprocessing.of(c), c.getString("output"),
                    OutputKind.parse("output-kind", c.getString("output-kind")), c.getString("output-layout"),
                    stageLayers, Models.classes(c));
        }
    }
}
