package io.vseg.plugin.grfp;

import io.vseg.api.spi.FuserFactory;
import io.vseg.api.spi.Plugin;
import io.vseg.api.spi.TrainerFactory;
import java.util.List;

/** GRFP: the {@code grfp.stgru} fuser and the {@code grfp.stgru} trainer. */
public final class GrfpPlugin implements Plugin {

    @Override
    public String name() {
        return "grfp";
    }

    @Override
    public List<FuserFactory> fusers() {
        return List.of(new GrfpFuser.Factory());
    }

    @Override
    public List<TrainerFactory> trainers() {
        return List.of(new GrfpTrainer.Factory());
    }
}
