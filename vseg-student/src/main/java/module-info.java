/**
 * vseg's staged student network (DESIGN §1, §6): the {@code djl} extractor runs a network that
 * {@code vseg train distill} made, stage by stage on DJL's PyTorch engine, and the {@code distill} trainer fits one to
 * any pipeline's per-frame model on the user's video, starting from a pretrained network that OpenCV DNN reads. A
 * plugin like any other: it depends on the API and the learning kit, never on the runtime.
 */
module io.vseg.student {
    requires io.vseg.api;
    requires io.vseg.learn;
    // PretrainedWeights reads the teacher's layers with OpenCV DNN; frames are resized as the runtime's engines do.
    requires org.bytedeco.javacpp;
    requires org.bytedeco.opencv;

    provides io.vseg.api.spi.Plugin with io.vseg.student.StudentPlugin;
}
