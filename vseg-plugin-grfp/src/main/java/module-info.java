/**
 * GRFP, Gated Recurrent Flow Propagation (Nilsson and Sminchisescu, CVPR 2018): a spatio-temporal GRU that carries
 * the class scores of the frame before, warped along optical flow and gated by the warping's photometric error, into
 * each frame's own prediction. The {@code grfp.stgru} fuser and its trainer ({@code vseg train grfp.stgru}). A plugin
 * like any other: it depends on the API and the learning kit only.
 */
module io.vseg.plugin.grfp {
    requires io.vseg.api;
    requires io.vseg.learn;

    provides io.vseg.api.spi.Plugin with io.vseg.plugin.grfp.GrfpPlugin;
}
