package io.vseg.runtime.component;

import com.typesafe.config.Config;
import io.vseg.api.Features;
import io.vseg.api.FrameContext;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.Fuser;
import io.vseg.api.spi.FuserFactory;

/** Passes the features through: no temporal fusion. */
public final class NoneFuser implements Fuser {
    public static final String NAME = "none";

    @Override
    public Features fuse(Features features, FrameContext ctx) {
        return features;
    }

    @Override
    public boolean resumableAtKey() {
        return true; // it remembers nothing
    }

    /** Its factory. */
    public static final class Factory implements FuserFactory {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "no temporal fusion: each frame's features as computed or propagated";
        }

        @Override
        public Fuser create(Config config, ComponentContext context) {
            return new NoneFuser();
        }
    }
}
