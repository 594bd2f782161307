package io.vseg.runtime.student;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.convolutional.Conv2d;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_dnn.Layer;
import org.bytedeco.opencv.opencv_dnn.Net;

/**
 * Starts a mobile-layout student from a pretrained network that OpenCV DNN reads (TFLite, ONNX, ...): its
 * convolutions, in the network's order, fill the encoder's (stage1, stage2, stage3) and then the head's two
 * fusions, each checked by shape; the classifier stays as initialized (the source ends differently: a stride-2
 * level and a transposed convolution to one sigmoid channel). With the bundled selfie model these are the
 * teacher's own layers, which the distillation then fine-tunes with the new classifier (as DistilBERT starts from
 * its teacher's layers): ten scenes are too few for a network learnt from scratch to see "person" as the teacher
 * does.
 */
public final class PretrainedWeights {
    private PretrainedWeights() {
    }

    /**
     * Copies the first convolutions of {@code file} into {@code net}'s encoder and head.
     *
     * @return how many convolutions were copied
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
        List<String> names = new ArrayList<>();
        List<float[][]> sources = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        try (Net source = read(file)) {
            var layers = source.getLayerNames();
            for (long i = 0; i < layers.size() && sources.size() < targets.size(); i++) {
                String name = layers.get(i).getString().trim();
                Layer layer = source.getLayer(source.getLayerId(name));
                if (!"Convolution".equals(layer.type().getString().trim())) {
                    continue;
                }
                MatVector blobs = layer.blobs();
                if (blobs.size() < 2) {
                    throw new IllegalArgumentException("init: " + file + ": convolution " + name + " has no bias");
                }
                Mat w = blobs.get(0);
                long[] shape = new long[w.dims()];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = w.size(d);
                }
                names.add(name);
                shapes.add(shape);
                sources.add(new float[][] {floats(w), floats(blobs.get(1))});
            }
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException("init: " + file + ": OpenCV DNN cannot read it: "
                    + String.valueOf(e.getMessage()).replace('\n', ' '), e);
        }
        if (sources.size() < targets.size()) {
            throw new IllegalArgumentException("init: " + file + ": has " + sources.size()
                    + " convolutions, the student needs " + targets.size());
        }
        for (int i = 0; i < targets.size(); i++) {
            NDArray weight = parameter(targets.get(i), "weight");
            NDArray bias = parameter(targets.get(i), "bias");
            long[] want = weight.getShape().getShape();
            if (!Arrays.equals(want, shapes.get(i)) || bias.size() != sources.get(i)[1].length) {
                throw new IllegalArgumentException("init: " + file + ": convolution " + i + " (" + names.get(i)
                        + ") is " + Arrays.toString(shapes.get(i)) + ", the student's is " + Arrays.toString(want));
            }
            weight.set(sources.get(i)[0]);
            bias.set(sources.get(i)[1]);
        }
        return targets.size();
    }

    /** The network in {@code file} (OpenCV's readNet does not pick the TFLite reader by the extension). */
    static Net read(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".tflite") ? opencv_dnn.readNetFromTFLite(file.toString())
                : opencv_dnn.readNet(file.toString());
    }

    private static NDArray parameter(Conv2d conv, String name) {
        return conv.getDirectParameters().stream().filter(p -> p.getValue().getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + name + " in " + conv)).getValue().getArray();
    }

    private static float[] floats(Mat m) {
        Mat c = m;
        if (m.depth() != opencv_core.CV_32F) {
            c = new Mat();
            m.convertTo(c, opencv_core.CV_32F);
        } else if (!m.isContinuous()) {
            c = m.clone();
        }
        float[] out = new float[(int) c.total()];
        new FloatPointer(c.data()).get(out);
        return out;
    }
}
