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

    public FlowWarpPropagator(List<String> stages, BorderMode border, String scaleStage) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("stages: name at least one stage to warp");
        }
        this.stages = List.copyOf(stages);
        this.border = requireNonNull(border, "border is null");
        this.scaleStage = requireNonNull(scaleStage, "scaleStage is null");
    }

    @Override
    public Features propagate(KeyState key, FrameContext ctx) {
        FlowField flow = ctx.flow(ctx.frame(), key.frame());
        Tensor scale = scaleStage.isEmpty() ? null : Tensors.warp(key.features().tensor(scaleStage), flow, border);
        Features warped = Features.empty();
        for (String stage : stages) {
            Features.Stage s = key.features().stage(stage);
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
            return new FlowWarpPropagator(config.getStringList("stages"), mode, config.getString("scale-stage"));
        }
    }
}
