package io.vseg.plugin.dff;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import io.vseg.api.Features;
import io.vseg.api.FrameContext;
import io.vseg.api.KeyState;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.Propagator;
import io.vseg.api.spi.PropagatorFactory;
import io.vseg.api.tensor.BorderMode;
import io.vseg.api.tensor.FlowField;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * DFF's feature propagation: each configured stage of the key frame is warped to the current frame by the
 * backward flow current -> key (resized to the stage's grid, displacements scaled with it), bilinearly,
 * optionally times a scale-field stage. When {@code logits} is not among the warped stages, the network's
 * later stages run on the warped ones (DFF's task layers); warping {@code logits} is the zero-task-layer
 * variant.
 */
public final class FlowWarpPropagator implements Propagator {
    private final List<String> stages;
    private final BorderMode border;
    private final String scaleStage;
    private final int downscale;
    private KeyState shrunkFrom;
    private Features shrunk;

    public FlowWarpPropagator(List<String> stages, BorderMode border, String scaleStage) {
        this(stages, border, scaleStage, 1);
    }

    /**
     * @param downscale warp the key's logits on a grid this many times coarser (shrunk once per key frame), for
     *                  networks whose logits are far denser than their content (1: as they are)
     */
    public FlowWarpPropagator(List<String> stages, BorderMode border, String scaleStage, int downscale) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("stages: name at least one stage to warp");
        }
        if (downscale < 1) {
            throw new IllegalArgumentException("downscale: must be at least 1, got " + downscale);
        }
        if (downscale > 1 && !stages.equals(List.of(Features.LOGITS))) {
            throw new IllegalArgumentException("downscale: only with stages = [logits] (the task layers expect the "
                    + "stages' own size), got stages " + stages);
        }
        this.stages = List.copyOf(stages);
        this.border = requireNonNull(border, "border is null");
        this.scaleStage = requireNonNull(scaleStage, "scaleStage is null");
        this.downscale = downscale;
    }

    @Override
    public Features propagate(KeyState key, FrameContext ctx) {
        FlowField flow = ctx.flow(ctx.frame(), key.frame());
        Tensor scale = scaleStage.isEmpty() ? null : Tensors.warp(key.features().tensor(scaleStage), flow, border);
        Features source = source(key);
        Features warped = Features.empty();
        for (String stage : stages) {
            Features.Stage s = source.stage(stage);
            Tensor t = Tensors.warp(s.tensor(), flow, border);
            if (scale != null) {
                t = Tensors.multiply(t, Tensors.resize(scale, t.height(), t.width()));
            }
            warped = warped.with(stage, t, s.stride());
        }
        if (!warped.has(Features.LOGITS)) {
            warped = warped.withAll(ctx.features(Set.of(Features.LOGITS), warped));
        }
        return warped;
    }

    /** The key's features as warped: as they are, or the logits shrunk by {@code downscale} (once per key). */
    private Features source(KeyState key) {
        if (downscale == 1) {
            return key.features();
        }
        if (shrunkFrom != key) {
            Features.Stage logits = key.features().stage(Features.LOGITS);
            Tensor t = logits.tensor();
            shrunk = Features.of(Features.LOGITS, Tensors.resize(t, Math.max(1, t.height() / downscale),
                    Math.max(1, t.width() / downscale)), logits.stride() * downscale);
            shrunkFrom = key;
        }
        return shrunk;
    }

    @Override
    public void reset() {
        shrunkFrom = null;
        shrunk = null;
    }

    @Override
    public boolean resumableAtKey() {
        return true; // the shrunk logits are a cache of the key state they came from
    }

    /** Its factory. */
    public static final class Factory implements PropagatorFactory {
        @Override
        public String name() {
            return "dff.flow-warp";
        }

        @Override
        public String description() {
            return "DFF: warp key-frame features by optical flow (optional scale field), task layers after";
        }

        @Override
        public Propagator create(Config config, ComponentContext context) {
            String border = config.getString("border");
            BorderMode mode;
            try {
                mode = BorderMode.valueOf(border.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("border: unknown '" + border + "'; available: zero, replicate, nearest");
            }
            return new FlowWarpPropagator(config.getStringList("stages"), mode, config.getString("scale-stage"),
                    config.getInt("downscale"));
        }
    }
}
