package io.vseg.student;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.convolutional.Conv2d;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_dnn.Layer;
import org.bytedeco.opencv.opencv_dnn.Net;

/**
 * Starts a mobile-layout student from a pretrained network that OpenCV DNN reads (TFLite, ONNX, ...): its
 * convolutions, in the network's order, fill the encoder's (stem, stage1, stage2, stage3) and then the head's three
 * fusions, each checked by shape. A source that ends as the selfie model does, in a 2x2 transposed convolution to
 * one sigmoid channel, fills the classifier of a two-class student too: class 0 gets zeros and class 1 that
 * channel, since softmax([0, z]) = sigmoid(z). With the bundled selfie model the started student is then the
 * teacher itself, layer for layer, which the distillation fine-tunes (as DistilBERT starts from its teacher's
 * layers): ten scenes are too few for a network learnt from scratch to see "person" as the teacher does.
 */
public final class PretrainedWeights {
    private PretrainedWeights() {
    }

    /**
     * Copies the first convolutions of {@code file} into {@code net}'s encoder and head, and its transposed
     * convolution after them into the classifier where the forms allow.
     *
     * @return how many layers were copied
     * @throws IllegalArgumentException naming the file and the layer when the file does not load or a shape differs
     */
    public static int load(Path file, StudentNet net) {
        if (net.architecture().layout() != StudentArchitecture.Layout.MOBILE) {
            throw new IllegalArgumentException("init: needs layout = mobile (the plain layout has no pretrained form)");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("init: " + file + ": no such file");
        }
        List<Conv2d> targets = net.pretrainedConvolutions();
        List<Blob> sources = new ArrayList<>();
        Blob last = null;
        Net read;
        try {
            read = OpenCv.readNet(file);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("init: " + file + ": OpenCV DNN cannot read it: "
                    + String.valueOf(e.getMessage()).replace('\n', ' '), e);
        }
        try (Net source = read) {
            var layers = source.getLayerNames();
            for (long i = 0; i < layers.size(); i++) {
                String name = layers.get(i).getString().trim();
                Layer layer = source.getLayer(source.getLayerId(name));
                String type = layer.type().getString().trim();
                if ("Convolution".equals(type) && sources.size() < targets.size()) {
                    sources.add(Blob.of(file, name, layer));
                } else if ("Deconvolution".equals(type) && sources.size() == targets.size()) {
                    last = Blob.of(file, name, layer);
                }
            }
        }
        if (sources.size() < targets.size()) {
            throw new IllegalArgumentException("init: " + file + ": has " + sources.size()
                    + " convolutions, the student needs " + targets.size());
        }
        for (int i = 0; i < targets.size(); i++) {
            NDArray weight = parameter(targets.get(i), "weight");
            NDArray bias = parameter(targets.get(i), "bias");
            Blob b = sources.get(i);
            long[] want = weight.getShape().getShape();
            if (!Arrays.equals(want, b.shape()) || bias.size() != b.bias().length) {
                throw new IllegalArgumentException("init: " + file + ": convolution " + i + " (" + b.name()
                        + ") is " + Arrays.toString(b.shape()) + ", the student's is " + Arrays.toString(want));
            }
            weight.set(b.weight());
            bias.set(b.bias());
        }
        return targets.size() + (last != null && binaryClassifier(last, net) ? 1 : 0);
    }

    /**
     * Fills a two-class classifier from one sigmoid channel: logits [0, z]. False, leaving the classifier as it is,
     * when the source's last layer or the student's classes do not have that form.
     */
    private static boolean binaryClassifier(Blob source, StudentNet net) {
        if (!(net.classifier() instanceof MobileLayout.UpClassifier up)) {
            return false;
        }
        NDArray weight = parameter(up.convolution(), "weight");
        NDArray bias = parameter(up.convolution(), "bias");
        long[] want = weight.getShape().getShape();
        long in = want[1];
        // a transposed convolution's weight is (in, out, kh, kw), in OpenCV as in PyTorch
        if (want[0] != 2 * 4 || !Arrays.equals(source.shape(), new long[] {in, 1, 2, 2})
                || source.bias().length != 1) {
            return false;
        }
        // sub-pixel channel class * 4 + dy * 2 + dx; class 0 stays zero
        float[] w = new float[(int) (want[0] * in)];
        float[] b = new float[(int) want[0]];
        for (int k = 0; k < 4; k++) {
            for (int c = 0; c < in; c++) {
                w[(int) ((4 + k) * in + c)] = source.weight()[c * 4 + k];
            }
            b[4 + k] = source.bias()[0];
        }
        weight.set(w);
        bias.set(b);
        return true;
    }

    /** One layer's weights, their shape and bias. */
    private record Blob(String name, long[] shape, float[] weight, float[] bias) {
        static Blob of(Path file, String name, Layer layer) {
            MatVector blobs = layer.blobs();
            if (blobs.size() < 2) {
                throw new IllegalArgumentException("init: " + file + ": layer " + name + " has no bias");
            }
            Mat w = blobs.get(0);
            long[] shape = new long[w.dims()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = w.size(d);
            }
            return new Blob(name, shape, OpenCv.floats(w), OpenCv.floats(blobs.get(1)));
        }
    }

    private static NDArray parameter(Conv2d conv, String name) {
        return conv.getDirectParameters().stream().filter(p -> p.getValue().getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + name + " in " + conv)).getValue().getArray();
    }
}
