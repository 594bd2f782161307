/**
 * Dynamic Video Segmentation Network (Xu, Fu, Chen, Lee; CVPR 2018): each frame is split into overlapping regions;
 * a small decision network estimates, per region, the expected confidence of warping its key prediction (the
 * share of pixels that would equal a fresh segmentation) from motion features, and regions below a threshold are
 * segmented afresh. The decision network is trained self-supervised on the user's video by
 * {@code vseg train dvsnet.confidence}.
 */
module io.vseg.plugin.dvsnet {
    requires io.vseg.api;
    requires io.vseg.learn;

    provides io.vseg.api.spi.Plugin with io.vseg.plugin.dvsnet.DvsnetPlugin;
}
