package io.vseg.plugin.netwarp;

import static java.util.Objects.requireNonNull;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.vseg.api.io.AtomicFiles;
import io.vseg.learn.Djl;
import io.vseg.learn.ModelCard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@code netwarp} fuser runs: per fused stage its weights w1 and w2 (one per channel, or one for all), and
 * the flow transform, or none (the identity). Either written by {@code vseg train netwarp} (a folder: the card
 * {@value #CARD} beside the parameters) or given in the configuration (the identity transform, fixed weights).
 */
final class NetWarpModel implements AutoCloseable {
    static final String CARD = "netwarp.json";
    static final String FORMAT = "vseg-netwarp/1";
    static final String NAME = "netwarp";

    /** One fused stage's weights: {@code w1[c]} for the current representation, {@code w2[c]} for the warped one. */
    record StageWeights(String stage, float[] w1, float[] w2) {
        StageWeights {
            requireNonNull(stage, "stage is null");
            if (w1.length != w2.length || w1.length == 0) {
                throw new IllegalArgumentException("w1 and w2: as many values, at least one; got " + w1.length
                        + " and " + w2.length);
            }
        }

        /** The weights for {@code channels} channels (one value stands for all). */
        StageWeights forChannels(int channels) {
            if (w1.length == channels) {
                return this;
            }
            if (w1.length == 1) {
                float[] a = new float[channels];
                float[] b = new float[channels];
                java.util.Arrays.fill(a, w1[0]);
                java.util.Arrays.fill(b, w2[0]);
                return new StageWeights(stage, a, b);
            }
            throw new IllegalArgumentException("stage " + stage + " has " + channels + " channels, the NetWarp "
                    + "weights have " + w1.length);
        }
    }

    private final List<StageWeights> stages;
    private final FlowTransform.Runner transform;
    private final int downscale;

    NetWarpModel(List<StageWeights> stages, FlowTransform.Runner transform, int downscale) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("stages: name at least one stage to fuse");
        }
        if (downscale < 1) {
            throw new IllegalArgumentException("transform-downscale: must be at least 1, got " + downscale);
        }
        this.stages = List.copyOf(stages);
        this.transform = transform;
        this.downscale = downscale;
    }

    /** The fused stages in the order given. */
    List<StageWeights> stages() {
        return stages;
    }

    /** The learned flow transform, or null for the identity. */
    FlowTransform.Runner transform() {
        return transform;
    }

    /** How much coarser than the first fused stage the transform's grid is. */
    int downscale() {
        return downscale;
    }

    /** The same weights without the transform (the identity transform: an ablation of a trained model). */
    NetWarpModel withoutTransform() {
        return new NetWarpModel(stages, null, downscale);
    }

    /** Loads a folder written by {@code vseg train netwarp}; a bad card or parameter file is named. */
    static NetWarpModel load(Path folder) {
        record Card(String stage, int channels, int hidden, int downscale) {
        }
        Card card = ModelCard.read(folder.resolve(CARD), FORMAT, "a folder written by vseg train netwarp",
                c -> new Card(c.getString("stage"), c.getInt("channels"), c.getInt("transform.channels"),
                        c.getInt("transform.downscale")));
        NetWarpSequence net = new NetWarpSequence(card.channels(), card.hidden(), 0.5f);
        Model model = Djl.load(folder, NAME, m -> {
            m.setBlock(net);
            net.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 2, card.channels(), 8, 8),
                    new Shape(1, 2, 2, 8, 8), new Shape(1, 2, FlowTransform.INPUTS, 8, 8));
        });
        StageWeights weights = new StageWeights(card.stage(), net.w1(), net.w2());
        if (net.transform() == null) {
            model.close();
            return new NetWarpModel(List.of(weights), null, card.downscale());
        }
        return new NetWarpModel(List.of(weights), new FlowTransform.Runner(model, net.transform()), card.downscale());
    }


    /**
     * Writes the trained parts of {@code model} (its block a {@link NetWarpSequence}) and the card into
     * {@code folder}.
     *
     * @param training how the model was made: command, data, seed, figures
     */
    static void save(Path folder, Model model, String stage, int hidden, int downscale, Map<String, Object> training)
            throws IOException {
        NetWarpSequence net = (NetWarpSequence) model.getBlock();
        Files.createDirectories(folder);
        model.setProperty("Epoch", "0");
        AtomicFiles.writeInto(folder, tmp -> model.save(tmp, NAME));
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("format", FORMAT);
        card.put("parameters", NAME + "-0000.params");
        card.put("stage", stage);
        card.put("channels", net.channels());
        card.put("w1", ModelCard.floats(net.w1()));
        card.put("w2", ModelCard.floats(net.w2()));
        card.put("transform", Map.of("channels", hidden, "downscale", downscale,
                "kind", hidden > 0 ? "learned (3 convolutions over flow, frames and warp difference)" : "identity"));
        card.put("training", training);
        ModelCard.write(folder.resolve(CARD), card);
    }

    @Override
    public void close() {
        if (transform != null) {
            transform.close();
        }
    }
}
