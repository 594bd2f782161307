package io.vseg.plugin.grfp;

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
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * GRFP's STGRU on the {@code logits} of any extractor, one frame at a time. The state h (C, H, W) is the previous
 * frame's output. For each frame with scores x_t:
 * <pre>
 * w_t = warp(h_{t-1}, F_t)                      F_t the backward flow to the previous frame, on the scores' grid
 * e_t = mean_RGB |I_t - warp(I_{t-1}, F_t)|     I the frames on the scores' grid (Grids.image)
 * h_t = STGRU(x_t, w_t, e_t)                    (StgruCell: gate 1 - tanh(|λ| e), update gate, output scaling)
 * </pre>
 * and the fused logits are h_t. The first frame of a sequence, a frame after {@link #reset}, a frame without a
 * previous frame and a frame whose scores changed size start the state anew: h = x. Warps are
 * {@code Tensors.warp} with replicated borders, as in training ({@code FlowWarp}); the cell runs in DJL, or as its
 * per-pixel blend where its convolutions are zero ({@link GrfpModel}).
 *
 * <p>Frames a scheduler propagated are fused like any other: x_t is then whatever logits the propagator produced
 * (a DFF warp of the key frame's), which the STGRU combines with its own memory carried along the frame-to-frame
 * flow. So it stacks behind any scheduler; it was trained on the per-frame network's scores, not on propagated ones.
 * A frame without logits (nothing to fuse) passes unchanged and drops the state.
 */
public final class GrfpFuser implements Fuser, AutoCloseable {
    public static final String NAME = "grfp.stgru";

    private final IntFunction<GrfpModel> models;
    private GrfpModel model;
    private Tensor state;
    private Tensor previousImage;

    /** A fuser running {@code model}. */
    GrfpFuser(GrfpModel model) {
        requireNonNull(model, "model is null");
        this.model = model;
        this.models = channels -> model;
    }

    /** A fuser whose model is made on the first frame, for the scores' number of classes. */
    private GrfpFuser(IntFunction<GrfpModel> models) {
        this.models = requireNonNull(models, "models is null");
    }

    @Override
    public Features fuse(Features features, FrameContext ctx) {
        if (!features.has(Features.LOGITS)) {
            reset();
            return features;
        }
        Features.Stage current = features.stage(Features.LOGITS);
        Tensor x = current.tensor();
        if (model == null) {
            model = models.apply(x.channels());
        }
        Tensor image = Grids.image(ctx.frame().image(), x.height(), x.width());
        Optional<Frame> previousFrame = ctx.previousFrame();
        Tensor fused = x;
        if (state != null && state.sameShape(x) && previousImage != null && previousImage.sameShape(image)
                && previousFrame.isPresent()) {
            FlowField flow = ctx.flow(ctx.frame(), previousFrame.get()).resized(x.height(), x.width());
            Tensor warped = Tensors.warp(state, flow, BorderMode.REPLICATE);
            fused = model.step(x, warped, StgruCell.error(image, previousImage, flow));
        }
        state = fused;
        previousImage = image;
        return fused == x ? features : features.with(Features.LOGITS, fused, current.stride());
    }

    @Override
    public void reset() {
        state = null;
        previousImage = null;
    }

    /** Frees the network. */
    @Override
    public void close() {
        if (model != null) {
            model.close();
        }
    }

    /** Its factory; defaults at {@code vseg.components."grfp.stgru"}. */
    public static final class Factory implements FuserFactory {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "GRFP: a spatio-temporal GRU over the flow-warped previous logits, gated by the warping error";
        }

        @Override
        public Fuser create(Config config, ComponentContext context) {
            int threads = config.getInt("threads");
            if (threads < 1) {
                throw new IllegalArgumentException("threads: must be positive, got " + threads);
            }
            String modelPath = config.getString("model");
            if (modelPath.isEmpty()) {
                int kernel = config.getInt("kernel");
                if (kernel < 1 || kernel % 2 == 0) {
                    throw new IllegalArgumentException("kernel: odd and positive, got " + kernel);
                }
                float lambda = (float) config.getDouble("lambda");
                float updateBias = (float) config.getDouble("update-bias");
                Djl.configure(threads);
                return new GrfpFuser(channels -> GrfpModel.untrained(channels, kernel, lambda, updateBias));
            }
            Path folder = context.resolve(modelPath);
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException("model: " + folder + ": no such folder (vseg train grfp.stgru "
                        + "writes one)");
            }
            Djl.configure(threads);
            return new GrfpFuser(GrfpModel.load(folder));
        }
    }
}
