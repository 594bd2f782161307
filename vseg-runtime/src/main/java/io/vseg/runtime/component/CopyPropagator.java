package io.vseg.runtime.component;

import com.typesafe.config.Config;
import io.vseg.api.Features;
import io.vseg.api.FrameContext;
import io.vseg.api.KeyState;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.Propagator;
import io.vseg.api.spi.PropagatorFactory;

/**
 * Reuses the key frame's features unchanged: the naive baseline that ignores motion (Clockwork's "reuse the
 * whole output"), against which motion-aware propagators are compared.
 */
public final class CopyPropagator implements Propagator {
    public static final String NAME = "copy";

    @Override
    public Features propagate(KeyState key, FrameContext ctx) {
        return key.features();
    }

    @Override
    public boolean resumableAtKey() {
        return true; // it remembers nothing
    }

    /** Its factory. */
    public static final class Factory implements PropagatorFactory {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "reuse the key frame's features as they are, ignoring motion (naive baseline)";
        }

        @Override
        public Propagator create(Config config, ComponentContext context) {
            return new CopyPropagator();
        }
    }
}
