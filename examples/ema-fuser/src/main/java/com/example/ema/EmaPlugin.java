package com.example.ema;

import com.typesafe.config.Config;
import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.FrameContext;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.Fuser;
import io.vseg.api.spi.FuserFactory;
import io.vseg.api.spi.Plugin;
import io.vseg.api.tensor.BorderMode;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import java.util.List;
import java.util.Optional;

/**
 * The plugin: one fuser, {@code ema.scores}. Its defaults live in this module's {@code reference.conf} under
 * {@code vseg.components."ema.scores"}.
 */
public final class EmaPlugin implements Plugin {

    @Override
    public String name() {
        return "ema";
    }

    @Override
    public List<FuserFactory> fusers() {
        return List.of(new Factory());
    }

    /** Creates {@link EmaFuser}s from their configuration. */
    static final class Factory implements FuserFactory {
        @Override
        public String name() {
            return "ema.scores";
        }

        @Override
        public String description() {
            return "example: exponential moving average of class scores, the previous average warped by flow";
        }

        @Override
        public Fuser create(Config config, ComponentContext context) {
            double alpha = config.getDouble("alpha");
            if (!(alpha > 0 && alpha <= 1)) {
                throw new IllegalArgumentException("alpha: must be in (0, 1], got " + alpha);
            }
            return new EmaFuser((float) alpha);
        }
    }

    /**
     * s_t = alpha * logits_t + (1 - alpha) * warp(s_{t-1}, flow(t -> t-1)): steadier labels where the scores
     * flicker, at the cost of one flow (shared with the scheduler and propagator) and one warp per frame.
     */
    static final class EmaFuser implements Fuser {
        private final float alpha;
        private Tensor average;

        EmaFuser(float alpha) {
            this.alpha = alpha;
        }

        @Override
        public Features fuse(Features features, FrameContext ctx) {
            Tensor logits = Tensors.softmax(features.logits());
            Optional<Frame> previous = ctx.previousFrame();
            if (average == null || previous.isEmpty() || average.channels() != logits.channels()) {
                average = logits;
            } else {
                Tensor carried = Tensors.warp(average, ctx.flow(ctx.frame(), previous.get()), BorderMode.REPLICATE);
                average = Tensors.weightedSum(logits, alpha, Tensors.resize(carried, logits.height(), logits.width()),
                        1 - alpha);
            }
            return features.with(Features.LOGITS, average, features.stage(Features.LOGITS).stride());
        }

        @Override
        public void reset() {
            average = null;
        }
    }
}
