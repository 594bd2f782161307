package io.vseg.student;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.vseg.api.ClassSet;
import io.vseg.api.io.AtomicFiles;
import io.vseg.learn.ModelCard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A student network with its model card: a folder holding {@code student.json} (architecture, stages, strides,
 * channels, classes, input size, normalization, and how it was trained) and DJL's parameter file
 * {@code student-0000.params}; a mobile-layout model also gets its stages as ONNX files under {@code onnx/}
 * ({@link StudentNet#exportOnnx}), the same function for ONNX Runtime.
 */
public final class StudentModel implements AutoCloseable {
    public static final String CARD = "student.json";
    public static final String NAME = "student";
    public static final String FORMAT = "vseg-student/2";
    /** The folder of a saved model's per-stage ONNX files (mobile layout). */
    public static final String ONNX = "onnx";

    private final Model model;
    private final StudentNet net;
    private final ClassSet classes;
    private final int inputWidth;
    private final int inputHeight;

    private StudentModel(Model model, StudentNet net, ClassSet classes, int inputWidth, int inputHeight) {
        this.model = model;
        this.net = net;
        this.classes = classes;
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
    }

    /** A new network with freshly initialized parameters (the trainer's initializers apply on top). */
    public static StudentModel create(StudentArchitecture arch, ClassSet classes, int inputWidth, int inputHeight) {
        if (classes.size() != arch.classes()) {
            throw new IllegalArgumentException("classes: the architecture has " + arch.classes() + ", got " + classes);
        }
        Model model = Model.newInstance(NAME, "PyTorch");
        StudentNet net = new StudentNet(arch);
        model.setBlock(net);
        return new StudentModel(model, net, classes, inputWidth, inputHeight);
    }

    /** Loads a model folder; a missing or inconsistent card is reported naming the file and the key. */
    public static StudentModel load(Path folder) throws IOException {
        Path cardFile = folder.resolve(CARD);
        Config card;
        StudentArchitecture arch;
        ClassSet classes;
        int width;
        int height;
        try {
            card = ModelCard.read(cardFile, FORMAT, "a folder written by vseg train distill");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model: " + e.getMessage(), e);
        }
        try {
            Config a = card.getConfig("architecture");
            StudentArchitecture.Layout layout = a.hasPath("layout")
                    ? StudentArchitecture.Layout.parse("architecture.layout", a.getString("layout"))
                    : StudentArchitecture.Layout.PLAIN;
            arch = new StudentArchitecture(layout, a.getInt("channels.stage1"), a.getInt("channels.stage2"),
                    a.getInt("channels.stage3"), a.getInt("depth"), a.getInt("channels.head"),
                    card.getStringList("classes").size());
            classes = new ClassSet(card.getStringList("classes"), ClassSet.DEFAULT_VOID);
            width = card.getInt("input.width");
            height = card.getInt("input.height");
        } catch (ConfigException | IllegalArgumentException e) {
            throw new IllegalArgumentException("model: " + cardFile + ": " + e.getMessage().replace('\n', ' '), e);
        }
        StudentModel m = create(arch, classes, width, height);
        try {
            m.model.load(folder, NAME);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            m.close();
            throw new IllegalArgumentException("model: " + folder + ": parameters do not load: "
                    + String.valueOf(e.getMessage()).replace('\n', ' '), e);
        }
        return m;
    }

    /** Initializes the parameters for training (after the trainer set its initializers). */
    public void initialize() {
        net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, inputHeight, inputWidth));
    }

    public Model model() {
        return model;
    }

    public StudentNet net() {
        return net;
    }

    public ClassSet classes() {
        return classes;
    }

    public int inputWidth() {
        return inputWidth;
    }

    public int inputHeight() {
        return inputHeight;
    }

    public NDManager manager() {
        return model.getNDManager();
    }

    /**
     * Writes the parameters and the card into {@code folder}.
     *
     * @param training how the model was made (teacher, data, seed, command, figures), recorded under
     *                 {@code training}
     */
    public void save(Path folder, Map<String, Object> training) throws IOException {
        Files.createDirectories(folder);
        // One parameter file, whatever the epoch: DJL names it after the model's Epoch property.
        model.setProperty("Epoch", "0");
        AtomicFiles.writeInto(folder, tmp -> model.save(tmp, NAME));
        StudentArchitecture arch = net.architecture();
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("format", FORMAT);
        card.put("parameters", NAME + "-0000.params");
        card.put("classes", classes.names());
        card.put("input", Map.of("width", inputWidth, "height", inputHeight));
        card.put("normalization", Map.of("mean", ModelCard.floats(arch.mean()), "std", ModelCard.floats(arch.std())));
        card.put("architecture", Map.of("layout", arch.layout().id(),
                "channels", Map.of("stage1", arch.stage1(), "stage2", arch.stage2(), "stage3", arch.stage3(),
                        "head", arch.head()),
                "depth", arch.depth()));
        List<Map<String, Object>> stages = new ArrayList<>();
        List<Long> macs = arch.macs(inputWidth, inputHeight);
        List<StudentArchitecture.Stage> list = arch.stages();
        for (int i = 0; i < list.size(); i++) {
            StudentArchitecture.Stage s = list.get(i);
            stages.add(Map.of("name", s.name(), "stride", s.stride(), "channels", s.channels(), "inputs", s.inputs(),
                    "macs", macs.get(i)));
        }
        card.put("stages", stages);
        if (arch.layout() == StudentArchitecture.Layout.MOBILE) {
            net.exportOnnx(folder.resolve(ONNX));
            card.put("onnx", ONNX + "/<stage>.onnx, one file per stage, for the onnx extractor (opset "
                    + OnnxGraph.OPSET + ")");
        }
        card.put("training", training);
        ModelCard.write(folder.resolve(CARD), card);
    }

    @Override
    public void close() {
        model.close();
    }
}
