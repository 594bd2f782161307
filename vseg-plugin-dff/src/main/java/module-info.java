/**
 * Deep Feature Flow (Zhu, Xiong, Dai, Yuan, Wei; CVPR 2017): the image network runs on key frames only, at a
 * fixed interval; other frames get the key frame's features warped along optical flow, and only the cheap
 * task layers run on them.
 */
module io.vseg.plugin.dff {
    requires io.vseg.api;

    provides io.vseg.api.spi.Plugin with io.vseg.plugin.dff.DffPlugin;
}
