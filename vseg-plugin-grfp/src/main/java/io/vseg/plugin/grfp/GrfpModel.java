package io.vseg.plugin.grfp;

import static java.util.Objects.requireNonNull;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.vseg.api.io.AtomicFiles;
import io.vseg.api.tensor.Tensor;
import io.vseg.learn.Djl;
import io.vseg.learn.ModelCard;
import io.vseg.learn.NdTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the {@code grfp.stgru} fuser runs: an {@link StgruCell} in DJL, one frame at a time. Either written by
 * {@code vseg train grfp.stgru} (a folder: the card {@value #CARD} beside the parameters) or made from the
 * configuration (an untrained cell: fixed λ and update-gate bias, the candidate the gated memory itself). A cell
 * whose convolutions add nothing (the untrained one, or a trained model that kept its start) runs as the per-pixel
 * blend it is ({@link PointwiseStgru}), without DJL. Closing it frees the network.
 */
final class GrfpModel implements AutoCloseable {
    static final String CARD = "grfp.json";
    static final String FORMAT = "vseg-grfp/1";
    static final String NAME = "grfp";

    private final Model model;
    private final StgruCell cell;
    private final PointwiseStgru pointwise;

    private GrfpModel(Model model, StgruCell cell) {
        this.model = requireNonNull(model, "model is null");
        this.cell = requireNonNull(cell, "cell is null");
        this.pointwise = cell.pointwise().orElse(null);
    }

    StgruCell cell() {
        return cell;
    }

    /** An untrained cell of {@code channels} classes ({@link StgruCell#startNearPerFrame}): no parameter file. */
    static GrfpModel untrained(int channels, int kernel, float lambda, float updateBias) {
        Model model = Model.newInstance(NAME, "PyTorch");
        try {
            StgruCell cell = new StgruCell(channels, 0, kernel, lambda, updateBias);
            model.setBlock(cell);
            Shape x = new Shape(1, channels, 8, 8);
            cell.initialize(model.getNDManager(), DataType.FLOAT32, x, x, new Shape(1, 1, 8, 8));
            cell.startNearPerFrame();
            return new GrfpModel(model, cell);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The manager of the network's parameters, which a step must leave as it found it (tests). */
    NDManager manager() {
        return model.getNDManager();
    }

    /** Whether {@link #step} runs the cell as its per-pixel blend ({@link PointwiseStgru}) rather than in DJL. */
    boolean pointwise() {
        return pointwise != null;
    }

    /**
     * The new state for scores x (C, H, W), the warped state (C, H, W) and the warping error (1, H, W): through the
     * network, or as its per-pixel blend where its convolutions add nothing (the parameters are fixed once loaded).
     */
    Tensor step(Tensor x, Tensor warped, Tensor error) {
        if (x.channels() != cell.channels()) {
            throw new IllegalArgumentException("model: trained for " + cell.channels() + " classes, the scores have "
                    + x.channels());
        }
        return pointwise != null ? pointwise.step(x, warped, error) : network(x, warped, error);
    }

    /** {@link #step} through the network in DJL, whatever the parameters. */
    Tensor network(Tensor x, Tensor warped, Tensor error) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDList in = new NDList(NdTensors.toArray(scope, x), NdTensors.toArray(scope, warped),
                    NdTensors.toArray(scope, error));
            NDArray h = cell.forward(new ParameterStore(scope, false), in, false).singletonOrThrow();
            return NdTensors.toTensor(h);
        }
    }

    /** Loads a folder written by {@code vseg train grfp.stgru}; a bad card or parameter file is named. */
    static GrfpModel load(Path folder) {
        int[] size = ModelCard.read(folder.resolve(CARD), FORMAT, "a folder written by vseg train grfp.stgru",
                c -> new int[] {c.getInt("channels"), c.getInt("hidden"), c.getInt("kernel")});
        int channels = size[0];
        StgruCell cell = new StgruCell(channels, size[1], size[2], 1f, 0f);
        GrfpSequence net = new GrfpSequence(cell);
        Model model = Djl.load(folder, NAME, m -> {
            m.setBlock(net);
            net.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 2, channels, 8, 8),
                    new Shape(1, 2, 2, 8, 8), new Shape(1, 2, 1, 8, 8));
        });
        return new GrfpModel(model, cell);
    }


    /**
     * Writes the parameters of {@code model} (its block a {@link GrfpSequence}) and the card into {@code folder}.
     *
     * @param training how the model was made: command, data, seed, figures
     */
    static void save(Path folder, Model model, Map<String, Object> training) throws IOException {
        StgruCell cell = ((GrfpSequence) model.getBlock()).cell();
        Files.createDirectories(folder);
        model.setProperty("Epoch", "0");
        AtomicFiles.writeInto(folder, tmp -> model.save(tmp, NAME));
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("format", FORMAT);
        card.put("parameters", NAME + "-0000.params");
        card.put("stage", "logits");
        card.put("channels", cell.channels());
        card.put("hidden", cell.hidden());
        card.put("kernel", cell.kernel());
        card.put("lambda", ModelCard.round(cell.lambda(), 4));
        card.put("scale", ModelCard.floats(cell.scale()));
        card.put("update-bias", ModelCard.floats(cell.updateGate().getParameters().get("bias").getArray()
                .toFloatArray()));
        card.put("training", training);
        ModelCard.write(folder.resolve(CARD), card);
    }

    @Override
    public void close() {
        model.close();
    }
}
