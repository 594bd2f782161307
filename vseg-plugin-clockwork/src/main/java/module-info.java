/**
 * Clockwork convnets (Shelhamer, Rakelly, Hoffman, Darrell; ECCV workshops 2016): the semantics of a scene
 * change more slowly than its pixels, so a network's deep stages can be refreshed less often than its shallow
 * ones. Schedulers for any staged extractor: fixed periods per stage, an adaptive clock driven by how much a
 * cheap shallow score map changed, and a pipelined schedule that computes the deep stages of one frame in the
 * background while the next frame's shallow stages run.
 */
module io.vseg.plugin.clockwork {
    requires io.vseg.api;

    provides io.vseg.api.spi.Plugin with io.vseg.plugin.clockwork.ClockworkPlugin;
}
