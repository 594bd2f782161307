package io.vseg.plugin.netwarp;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.FrameContext;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.Fuser;
import io.vseg.api.spi.FuserFactory;
import io.vseg.api.tensor.BorderMode;
import io.vseg.api.tensor.FlowField;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import io.vseg.learn.Djl;
import io.vseg.learn.Grids;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * NetWarp's fusion, one frame at a time. For each configured stage z of the per-frame network, in the network's
 * order, the representation the fuser carried from the previous frame, s, is warped to the current frame along the
 * transformed backward flow Λ(F) and combined per channel:
 * <pre>
 * z' = w1 * z_t + w2 * warp(s_{t-1}, Λ(F_t))        s_t = z'
 * </pre>
 * then the network's later stages run on z' (on a stage fused after an earlier one, z_t itself is first recomputed
 * from the fused earlier stage; when {@code logits} is not fused, the head runs on the result). The fused
 * representation is what is carried to the next frame (the recurrence of the paper's video training).
 *
 * <p>Frames the scheduler propagated are fused like any other: z_t is then the propagator's estimate (a DFF warp of
 * the key frame), which the fuser combines with its own memory, carried along the frame-to-frame flow. A stage the
 * frame does not have (a propagator that carried the logits only, or a regions plan's stitched logits) is passed
 * over, and its memory dropped, so that nothing stale is fused later. The first frame of a sequence, and any frame
 * whose stage changed size, starts the memory anew. Λ runs on the flow of the first fused stage's grid, and the
 * other stages take the corrected flow resized; without Λ, each stage's warp reads the estimated flow on its own
 * grid.
 */
public final class NetWarpFuser implements Fuser, AutoCloseable {
    public static final String NAME = "netwarp";

    private final NetWarpModel model;
    private final Map<String, Tensor> memory = new HashMap<>();
    private Tensor previousImage;

    public NetWarpFuser(NetWarpModel model) {
        this.model = requireNonNull(model, "model is null");
    }

    @Override
    public Features fuse(Features features, FrameContext ctx) {
        Optional<Frame> previousFrame = ctx.previousFrame();
        Features out = features;
        FlowField flow = null;
        Tensor image = null;
        boolean fusedOne = false;
        for (NetWarpModel.StageWeights weights : ordered(ctx)) {
            String stage = weights.stage();
            if (!out.has(stage)) {
                memory.remove(stage);
                continue;
            }
            Features.Stage current = out.stage(stage);
            Tensor z = fusedOne ? ctx.compute(Set.of(stage), without(out, stage)).tensor(stage) : current.tensor();
            if (image == null && model.transform() != null) {
                // The transform's frames, on its grid (the first fused stage's, downscaled), kept for the next frame.
                image = Grids.image(ctx.frame().image(), FlowTransform.grid(z.height(), model.downscale()),
                        FlowTransform.grid(z.width(), model.downscale()));
            }
            Tensor carried = memory.get(stage);
            Tensor fused = z;
            if (carried != null && carried.sameShape(z) && previousFrame.isPresent()) {
                if (flow == null) {
                    flow = transformed(ctx.flow(ctx.frame(), previousFrame.get()), z.height(), z.width(), image);
                }
                if (flow != null) {
                    // The warp reads the flow on the stage's grid whatever grid it came on.
                    fused = combine(weights.forChannels(z.channels()), z,
                            Tensors.warp(carried, flow, BorderMode.REPLICATE));
                    fusedOne = true;
                }
            }
            memory.put(stage, fused);
            out = out.with(stage, fused, current.stride());
        }
        previousImage = image;
        boolean logitsFused = model.stages().stream().anyMatch(s -> s.stage().equals(Features.LOGITS));
        if (fusedOne && !logitsFused) {
            out = out.withAll(ctx.compute(Set.of(Features.LOGITS), without(out, Features.LOGITS)));
        }
        return out;
    }

    /** The model's stages in the network's order, checked against it. */
    private List<NetWarpModel.StageWeights> ordered(FrameContext ctx) {
        List<String> network = ctx.stages();
        List<NetWarpModel.StageWeights> out = new ArrayList<>(model.stages());
        for (NetWarpModel.StageWeights s : out) {
            if (!network.contains(s.stage())) {
                throw new IllegalArgumentException("stages: the extractor has no stage '" + s.stage()
                        + "'; it has " + network);
            }
        }
        out.sort((a, b) -> Integer.compare(network.indexOf(a.stage()), network.indexOf(b.stage())));
        return out;
    }

    /**
     * Λ(F): without a transform, the backward flow to the previous frame on the grid it came on (a warp resamples
     * it); with one, that flow on an {@code h x w} grid (the first fused stage's) corrected by the learned
     * transform ({@code F + enlarge(Δ)}, as trained). Null when the transform has no previous frame of the same size
     * to read (the memory then starts anew).
     */
    private FlowField transformed(FlowField raw, int h, int w, Tensor image) {
        FlowTransform.Runner transform = model.transform();
        if (transform == null) {
            return raw;
        }
        FlowField flow = raw.resized(h, w);
        if (previousImage == null || !previousImage.sameShape(image)) {
            return null;
        }
        // The transform reads the flow on its own grid, resized from the stage's, as in training.
        FlowField small = flow.resized(image.height(), image.width());
        Tensor delta = transform.delta(FlowTransform.input(small, image, previousImage));
        Tensor up = FlowField.of(delta).resized(h, w).tensor();
        return FlowField.of(Tensors.weightedSum(flow.tensor(), 1f, up, 1f));
    }

    /** {@code w1[c] * z + w2[c] * warped}, channel by channel. */
    static Tensor combine(NetWarpModel.StageWeights weights, Tensor z, Tensor warped) {
        return Tensors.weightedSum(z, weights.w1(), warped, weights.w2());
    }

    private static Features without(Features features, String stage) {
        Set<String> keep = new HashSet<>(features.names());
        keep.remove(stage);
        return features.only(keep);
    }

    @Override
    public void reset() {
        memory.clear();
        previousImage = null;
    }

    /** Frees the flow transform's network, if the model has one (the runtime closes the fuser with its pipeline). */
    @Override
    public void close() {
        model.close();
    }

    /** Its factory; defaults at {@code vseg.components.netwarp}. */
    public static final class Factory implements FuserFactory {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "NetWarp: previous representation warped by a learned flow transform, fused per channel";
        }

        @Override
        public Fuser create(Config config, ComponentContext context) {
            String transform = config.getString("transform").toLowerCase(Locale.ROOT);
            if (!transform.equals("model") && !transform.equals("identity")) {
                throw new IllegalArgumentException("transform: model or identity, got '" + transform + "'");
            }
            String modelPath = config.getString("model");
            if (modelPath.isEmpty()) {
                List<String> stages = config.getStringList("stages");
                float w1 = (float) config.getDouble("w1");
                float w2 = (float) config.getDouble("w2");
                List<NetWarpModel.StageWeights> weights = new ArrayList<>();
                for (String stage : stages) {
                    weights.add(new NetWarpModel.StageWeights(stage, new float[] {w1}, new float[] {w2}));
                }
                return new NetWarpFuser(new NetWarpModel(weights, null, 1));
            }
            Path folder = context.resolve(modelPath);
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException("model: " + folder + ": no such folder (vseg train netwarp "
                        + "writes one)");
            }
            Djl.configure(config.getInt("threads"));
            NetWarpModel model = NetWarpModel.load(folder);
            if (transform.equals("identity")) {
                NetWarpModel weightsOnly = model.withoutTransform();
                model.close();
                return new NetWarpFuser(weightsOnly);
            }
            return new NetWarpFuser(model);
        }
    }
}
