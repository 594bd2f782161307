package io.vseg.learn;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small multilayer perceptron regressing one value in [0, 1] from a feature vector: standardized inputs, ReLU
 * hidden layers, a sigmoid output. Trained with DJL ({@link MlpFit}); saved as a folder with DJL's parameter file
 * {@code <name>-0000.params} and a card {@code <name>.json} (feature names, layer sizes, standardization, how it
 * was trained). Once loaded, it predicts in plain Java from a copy of the weights: a decision model runs a few
 * times per frame, where a native call per prediction would cost more than the arithmetic. Immutable and
 * thread-safe.
 */
public final class MlpModel {
    public static final String FORMAT = "vseg-mlp/1";

    private final List<String> features;
    private final int[] hidden;
    private final Standardizer scaler;
    private final float[][] weights; // per layer, row-major [out][in]
    private final float[][] biases;
    private final Config card;

    private MlpModel(List<String> features, int[] hidden, Standardizer scaler, float[][] weights, float[][] biases,
                     Config card) {
        this.features = List.copyOf(features);
        this.hidden = hidden.clone();
        this.scaler = scaler;
        this.weights = weights;
        this.biases = biases;
        this.card = card;
    }

    /** The DJL block of an MLP with {@code hidden} layer sizes (the input size is set at initialization). */
    public static SequentialBlock block(int[] hidden) {
        SequentialBlock b = new SequentialBlock();
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("hidden: layer sizes must be positive, got " + h);
            }
            b.add(Linear.builder().setUnits(h).build());
            b.add(Activation.reluBlock());
        }
        b.add(Linear.builder().setUnits(1).build());
        b.add(Activation.sigmoidBlock());
        return b;
    }

    /** A copy of {@code block}'s current weights (a block made by {@link #block}), to score it during training. */
    static MlpModel snapshot(Block block, Standardizer scaler, int[] hidden) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < scaler.mean().length; i++) {
            names.add("x" + i);
        }
        return snapshot(block, names, hidden, scaler, null);
    }

    /** A copy of {@code block}'s current weights (a block made by {@link #block}), for prediction in Java. */
    private static MlpModel snapshot(Block block, List<String> features, int[] hidden, Standardizer scaler,
                                     Config card) {
        List<float[]> w = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            (p.getValue().getType() == Parameter.Type.BIAS ? b : w).add(a.toFloatArray());
        }
        if (w.size() != hidden.length + 1 || b.size() != w.size()) {
            throw new IllegalStateException("not an MLP block: " + w.size() + " weights, " + b.size() + " biases");
        }
        return new MlpModel(features, hidden, scaler, w.toArray(float[][]::new), b.toArray(float[][]::new), card);
    }

    /**
     * Loads a folder written by {@link MlpFit}.
     *
     * @throws IllegalArgumentException naming the file when the card or the parameters do not load
     */
    public static MlpModel load(Path folder, String name) {
        Path cardFile = folder.resolve(name + ".json");
        Config card = ModelCard.read(cardFile, FORMAT, "a folder written by vseg train");
        List<String> features;
        int[] hidden;
        Standardizer scaler;
        try {
            features = card.getStringList("features");
            hidden = card.getIntList("hidden").stream().mapToInt(Integer::intValue).toArray();
            scaler = new Standardizer(ModelCard.floats(card.getDoubleList("standardize.mean")),
                    ModelCard.floats(card.getDoubleList("standardize.std")));
            if (scaler.mean().length != features.size()) {
                throw new IllegalArgumentException(cardFile + ": standardize has " + scaler.mean().length
                        + " values for " + features.size() + " features");
            }
        } catch (ConfigException e) {
            throw new IllegalArgumentException(cardFile + ": " + e.getMessage().replace('\n', ' '), e);
        }
        try (Model model = Model.newInstance(name, "PyTorch")) {
            SequentialBlock block = block(hidden);
            model.setBlock(block);
            block.initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32,
                    new ai.djl.ndarray.types.Shape(1, features.size()));
            model.load(folder, name);
            return snapshot(block, features, hidden, scaler, card);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            throw new IllegalArgumentException(folder.resolve(name + "-0000.params") + ": parameters do not load: "
                    + String.valueOf(e.getMessage()).replace('\n', ' '), e);
        }
    }

    /** The predicted value in [0, 1] for one raw (unstandardized) feature vector. */
    public double predict(float[] x) {
        if (x.length != features.size()) {
            throw new IllegalArgumentException("expected " + features.size() + " features, got " + x.length);
        }
        float[] in = scaler.apply(x);
        for (int layer = 0; layer < weights.length; layer++) {
            float[] w = weights[layer];
            float[] b = biases[layer];
            float[] out = new float[b.length];
            int n = in.length;
            for (int o = 0; o < out.length; o++) {
                float s = b[o];
                for (int i = 0; i < n; i++) {
                    s += w[o * n + i] * in[i];
                }
                out[o] = layer < weights.length - 1 ? Math.max(0, s) : s;
            }
            in = out;
        }
        return 1 / (1 + Math.exp(-in[0]));
    }

    /** The feature names, in input order. */
    public List<String> features() {
        return features;
    }

    public int[] hidden() {
        return hidden.clone();
    }

    /** The whole card, its training record included (null for a snapshot taken during training). */
    public Config card() {
        return card;
    }

    /** The card's fields for a model with these features, layers and standardization. */
    static Map<String, Object> cardFields(String name, List<String> features, int[] hidden, Standardizer scaler) {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("format", FORMAT);
        card.put("parameters", name + "-0000.params");
        card.put("features", features);
        List<Integer> h = new ArrayList<>();
        for (int v : hidden) {
            h.add(v);
        }
        card.put("hidden", h);
        card.put("output", "sigmoid");
        card.put("standardize", Map.of("mean", ModelCard.floats(scaler.mean()), "std", ModelCard.floats(scaler.std())));
        return card;
    }
}
