/**
 * NetWarp (Gadde, Jampani, Gehler; ICCV 2017): at chosen stages of the per-frame network, the previous frame's
 * representation is warped to the current frame along a learned transform of the optical flow and combined with the
 * current one per channel, and the later stages run on the result. The {@code netwarp} fuser and its trainer
 * ({@code vseg train netwarp}). A plugin like any other: it depends on the API and the learning kit only.
 */
module io.vseg.plugin.netwarp {
    requires io.vseg.api;
    requires io.vseg.learn;

    provides io.vseg.api.spi.Plugin with io.vseg.plugin.netwarp.NetWarpPlugin;
}
