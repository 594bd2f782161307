package io.vseg.plugin.netwarp;

import io.vseg.api.spi.FuserFactory;
import io.vseg.api.spi.Plugin;
import io.vseg.api.spi.TrainerFactory;
import java.util.List;

/** NetWarp: the {@code netwarp} fuser and the {@code netwarp} trainer. */
public final class NetWarpPlugin implements Plugin {

    @Override
    public String name() {
        return "netwarp";
    }

    @Override
    public List<FuserFactory> fusers() {
        return List.of(new NetWarpFuser.Factory());
    }

    @Override
    public List<TrainerFactory> trainers() {
        return List.of(new NetWarpTrainer.Factory());
    }
}
