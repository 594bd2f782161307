package io.vseg.plugin.clockwork;

import io.vseg.api.FrameContext;
import java.util.Collection;

/** Checks of configured stage names against the extractor's, once its stages are known (the first frame). */
final class Stages {
    private Stages() {
    }

    static void check(FrameContext ctx, Collection<String> names, String key) {
        for (String s : names) {
            if (!ctx.stages().contains(s)) {
                throw new IllegalArgumentException(key + ": the extractor has no stage '" + s + "'; its stages: "
                        + ctx.stages());
            }
        }
    }
}
