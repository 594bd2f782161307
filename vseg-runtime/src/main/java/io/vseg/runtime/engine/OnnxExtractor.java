package io.vseg.runtime.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.typesafe.config.Config;
import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Image;
import io.vseg.api.spi.Capabilities;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.ExtractorFactory;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.api.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A network run by ONNX Runtime: either one model whose outputs are the stages, or one file per stage, where
 * a stage model's inputs are named after the earlier stages it reads (any other input takes the image).
 * Staged, only what a request needs is computed, and stages given as cached inputs are not recomputed.
 */
public final class OnnxExtractor implements FeatureExtractor {
    public static final String NAME = "onnx";

    /** One ONNX session producing one stage (staged) or several (one file). */
    private record Part(OrtSession session, Map<String, String> outputsByStage, List<String> inputs) {
    }

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final Map<String, Part> partByStage = new LinkedHashMap<>();
    private final List<Part> parts = new ArrayList<>();
    /** Every session opened, closed with the extractor (or at once, if the constructor fails after opening one). */
    private final List<OrtSession> sessions = new ArrayList<>();
    private final OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    private boolean closed;
    private final List<String> stages;
    private final Set<String> stageNames;
    private final int inputWidth;
    private final int inputHeight;
    private final Preprocessing preprocessing;
    private final OutputKind outputKind;
    private final ClassSet classes;
    private Capabilities capabilities;
    private FloatBuffer input;

    private OnnxExtractor(Config c, ComponentContext context) throws OrtException {
        try {
            this.inputWidth = Models.inputSide(c, "input-width", "input-width");
            this.inputHeight = Models.inputSide(c, "input-height", "input-height");
            this.preprocessing = Preprocessing.of(c);
            this.outputKind = OutputKind.parse("output-kind", c.getString("output-kind"));
            this.classes = Models.classes(c);
            this.stages = openSessions(c, context);
        } catch (RuntimeException | Error | OrtException e) {
            try {
                close();
            } catch (RuntimeException | Error suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        this.stageNames = Set.copyOf(stages);
    }

    /** Opens the model's sessions; returns the stages, shallow to deep. */
    private List<String> openSessions(Config c, ComponentContext context) throws OrtException {
        options.setIntraOpNumThreads(Math.max(1, context.threads()));
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        // Idle pool threads sleep instead of spinning: a staged model holds one pool per stage, and spinning
        // pools take the cores from each other and from whatever else runs in the frame loop.
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        String model = c.getString("model");
        List<? extends Config> staged = c.getConfigList("stages");
        if (model.isBlank() == staged.isEmpty()) {
            throw new IllegalArgumentException("model, stages: give exactly one: a one-file `model` or a list of `stages`");
        }
        List<String> names = new ArrayList<>();
        if (!model.isBlank()) {
            OrtSession session = open(context, "model", model);
            checkImageSize(session, model, Set.of());
            Map<String, String> outputs = new LinkedHashMap<>();
            Config map = c.getConfig("outputs");
            for (String stage : map.root().keySet()) {
                outputs.put(stage, map.getString(stage));
            }
            if (!outputs.containsKey(Features.LOGITS)) {
                Set<String> outNames = session.getOutputNames();
                outputs.put(Features.LOGITS, outNames.contains(Features.LOGITS) ? Features.LOGITS
                        : outNames.iterator().next());
            }
            for (Map.Entry<String, String> e : outputs.entrySet()) {
                if (!session.getOutputNames().contains(e.getValue())) {
                    throw new IllegalArgumentException("outputs." + e.getKey() + ": the model has no output '"
                            + e.getValue() + "'; outputs: " + session.getOutputNames());
                }
            }
            checkLogits(session, outputs.get(Features.LOGITS));
            Part part = new Part(session, outputs, List.copyOf(session.getInputNames()));
            parts.add(part);
            // Stages in the order of the model's outputs: shallow to deep as the graph lists them.
            List<String> outputOrder = List.copyOf(session.getOutputNames());
            outputs.entrySet().stream().filter(e -> !e.getKey().equals(Features.LOGITS))
                    .sorted(java.util.Comparator.comparingInt(e -> outputOrder.indexOf(e.getValue())))
                    .forEach(e -> names.add(e.getKey()));
            names.add(Features.LOGITS);
            names.forEach(s -> partByStage.put(s, part));
        } else {
            for (int i = 0; i < staged.size(); i++) {
                Config s = staged.get(i);
                String name = s.getString("name");
                OrtSession session = open(context, "stages." + i + ".model", s.getString("model"));
                checkImageSize(session, s.getString("model"), Set.copyOf(names));
                if (session.getOutputNames().size() != 1) {
                    throw new IllegalArgumentException("stages." + i + ".model: a stage model has one output, "
                            + s.getString("model") + " has " + session.getOutputNames());
                }
                Part part = new Part(session, Map.of(name, session.getOutputNames().iterator().next()),
                        List.copyOf(session.getInputNames()));
                parts.add(part);
                partByStage.put(name, part);
                names.add(name);
            }
            if (!names.get(names.size() - 1).equals(Features.LOGITS)) {
                throw new IllegalArgumentException("stages: the last stage must be named logits, got " + names);
            }
            Part logits = partByStage.get(Features.LOGITS);
            checkLogits(logits.session(), logits.outputsByStage().get(Features.LOGITS));
        }
        return List.copyOf(names);
    }

    private OrtSession open(ComponentContext context, String key, String file) {
        Path path = Models.existing(context, key, file);
        OrtSession session;
        try {
            session = env.createSession(path.toString(), options);
        } catch (OrtException e) {
            // Named by its own key: a staged model's broken file is stages.N.model, not model.
            throw new IllegalArgumentException(key + ": ONNX Runtime could not load " + path + ": "
                    + String.valueOf(e.getMessage()).strip().replaceAll("\\s+", " "), e);
        }
        sessions.add(session);
        return session;
    }

    /**
     * Where the model fixes the size of its image input, it must be {@code input-width x input-height}: said at
     * start, rather than by ONNX Runtime at the first frame. Inputs named after earlier stages are not images.
     */
    private void checkImageSize(OrtSession session, String file, Set<String> stageInputs) throws OrtException {
        for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
            if (stageInputs.contains(e.getKey()) || !(e.getValue().getInfo() instanceof TensorInfo t)) {
                continue;
            }
            long[] shape = t.getShape(); // NCHW; a free dimension is -1
            if (shape.length == 4 && (shape[2] > 0 && shape[2] != inputHeight || shape[3] > 0 && shape[3] != inputWidth)) {
                throw new IllegalArgumentException("input-width, input-height: " + inputWidth + "x" + inputHeight
                        + ", but " + file + " takes images of " + shape[3] + "x" + shape[2] + " (input '" + e.getKey()
                        + "')");
            }
        }
    }

    /**
     * Where the model fixes the channels of its logits output, they must be what {@code output-kind} and
     * {@code classes} make of them: said at start, rather than at the first frame.
     */
    private void checkLogits(OrtSession session, String output) throws OrtException {
        if (session.getOutputInfo().get(output).getInfo() instanceof TensorInfo t && t.getShape().length == 4
                && t.getShape()[1] > 0) {
            try {
                outputKind.check((int) t.getShape()[1], classes);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("classes, output-kind: " + e.getMessage(), e);
            }
        }
    }

    /**
     * A fixed input size, and each stage's stride and channels as a
     * pass on a grey frame shows them (once, on first call).
     */
    @Override
    public Capabilities capabilities() {
        if (capabilities == null) {
            capabilities = CapabilityProbe.probe(this, inputWidth, inputHeight);
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

    @Override
    public Features extract(Image image, Set<String> requested, Features cached) {
        for (String s : requested) {
            if (!stageNames.contains(s)) {
                throw new IllegalArgumentException("unknown stage '" + s + "'; stages: " + stages);
            }
        }
        try (Run run = new Run(image, requested, cached)) {
            for (String s : stages) {
                if (requested.contains(s)) {
                    run.stage(s);
                }
            }
            return run.result;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    /**
     * One extraction: resolves stages on demand, from cache or fresh. Values stay in ONNX Runtime's memory from
     * one stage model to the next; only the requested stages are copied out.
     */
    private final class Run implements AutoCloseable {
        private final Image image;
        private final Set<String> requested;
        private final Features cached;
        private final Map<String, OnnxTensor> values = new HashMap<>();
        private final Set<Part> ran = new HashSet<>();
        private final List<AutoCloseable> owned = new ArrayList<>();
        private OnnxTensor imageTensor;
        private Features result = Features.empty();

        Run(Image image, Set<String> requested, Features cached) {
            this.image = image;
            this.requested = requested;
            this.cached = cached;
        }

        OnnxTensor stage(String name) throws OrtException {
            OnnxTensor t = values.get(name);
            if (t != null) {
                return t;
            }
            if (!requested.contains(name) && cached.has(name)) {
                Tensor c = cached.tensor(name);
                t = own(OnnxTensor.createTensor(env, c.buffer(), batchShape(c)));
                values.put(name, t);
                return t;
            }
            Part part = partByStage.get(name);
            if (ran.contains(part)) {
                throw new IllegalStateException("stage " + name + " missing from its model's outputs");
            }
            ran.add(part);
            Map<String, OnnxTensor> inputs = new HashMap<>();
            for (String input : part.inputs()) {
                inputs.put(input, stageNames.contains(input) ? stage(input) : image());
            }
            OrtSession.Result out = own(part.session().run(inputs, new HashSet<>(part.outputsByStage().values())));
            for (Map.Entry<String, String> e : part.outputsByStage().entrySet()) {
                OnnxTensor v = (OnnxTensor) out.get(e.getValue()).orElseThrow();
                values.put(e.getKey(), v);
                if (requested.contains(e.getKey())) {
                    Tensor fresh = toTensor(v);
                    if (e.getKey().equals(Features.LOGITS)) {
                        outputKind.check(fresh.channels(), classes);
                        fresh = outputKind.toLogits(fresh);
                    }
                    result = result.with(e.getKey(), fresh, (double) image.width() / fresh.width());
                }
            }
            return values.get(name);
        }

        private OnnxTensor image() throws OrtException {
            if (imageTensor == null) {
                imageTensor = own(OnnxTensor.createTensor(env, preprocess(image), new long[] {1, 3, inputHeight,
                        inputWidth}));
            }
            return imageTensor;
        }

        private <T extends AutoCloseable> T own(T value) {
            owned.add(value);
            return value;
        }

        @Override
        public void close() {
            for (AutoCloseable c : owned) {
                try {
                    c.close();
                } catch (Exception e) {
                    // native memory freed as far as it goes; nothing more to do
                }
            }
        }
    }

    private static long[] batchShape(Tensor t) {
        return new long[] {1, t.channels(), t.height(), t.width()};
    }

    private static Tensor toTensor(OnnxTensor t) {
        long[] shape = t.getInfo().getShape();
        FloatBuffer fb = t.getFloatBuffer();
        float[] values;
        if (fb.hasArray() && fb.arrayOffset() == 0 && fb.position() == 0 && fb.array().length == fb.remaining()) {
            // already a copy (ONNX Runtime copies out into a fresh heap buffer): kept, not copied again
            values = fb.array();
        } else {
            values = new float[fb.remaining()];
            fb.get(values);
        }
        return Layouts.toChw(shape, values, "nchw");
    }

    /**
     * The frame as the network's input ({@link Preprocessing}), into a direct buffer that ONNX Runtime reads in
     * place (one per extractor, reused: frames are extracted one at a time).
     */
    private FloatBuffer preprocess(Image image) {
        if (input == null) {
            input = ByteBuffer.allocateDirect(3 * inputWidth * inputHeight * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
        }
        preprocessing.write(image, inputWidth, inputHeight, input);
        return input.rewind();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (OrtSession session : sessions) {
            try {
                session.close();
            } catch (OrtException e) {
                // closing frees native memory; nothing more to do if it fails
            }
        }
        sessions.clear();
        parts.clear();
        partByStage.clear();
        options.close(); // ONNX Runtime refuses to close it twice: hence the flag
    }

    /** Its factory. */
    public static final class Factory implements ExtractorFactory {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "a network run by ONNX Runtime: one model, or one file per stage";
        }

        @Override
        public FeatureExtractor create(Config config, ComponentContext context) {
            try {
                return new OnnxExtractor(config, context);
            } catch (OrtException e) {
                throw new IllegalArgumentException("model: ONNX Runtime could not load it: " + e.getMessage(), e);
            }
        }
    }
}
