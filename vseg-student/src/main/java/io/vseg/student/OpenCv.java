package io.vseg.student;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.vseg.api.Image;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_dnn.Net;

/**
 * What the student needs of OpenCV: frames resized to the network input as the runtime's extractors resize them
 * (OpenCV's 8-bit bilinear, so that the djl and onnx extractors see the same input, which the zoo model's tests
 * compare), and a pretrained network's layers read by OpenCV DNN. A plugin never depends on the runtime, so the
 * student keeps this small copy of the runtime's own OpenCV helpers.
 */
final class OpenCv {
    private OpenCv() {
    }

    /** {@code image} resized to {@code width x height} (bilinear), interleaved RGB bytes. */
    static byte[] resizeRgb(Image image, int width, int height) {
        if (image.width() == width && image.height() == height) {
            return image.toByteArray();
        }
        try (PointerScope scope = new PointerScope()) {
            Mat src = new Mat(image.height(), image.width(), CV_8UC3);
            src.data().capacity((long) image.width() * image.height() * 3).asBuffer().put(image.pixels());
            Mat resized = new Mat();
            opencv_imgproc.resize(src, resized, new Size(width, height), 0, 0, opencv_imgproc.INTER_LINEAR);
            // a Mat that resize allocated is continuous: its rows follow each other
            byte[] rgb = new byte[width * height * 3];
            resized.data().get(rgb);
            return rgb;
        }
    }

    /**
     * The network in {@code model}. A {@code .tflite} file goes to the TFLite reader, which {@code readNet} does
     * not choose by the extension; any other to {@code readNet}.
     *
     * @throws IllegalArgumentException naming the file when OpenCV reads no network from it
     */
    static Net readNet(Path model) {
        String file = model.toString();
        Net net = file.toLowerCase(Locale.ROOT).endsWith(".tflite")
                ? opencv_dnn.readNetFromTFLite(file)
                : opencv_dnn.readNet(file);
        if (net.empty()) {
            net.close();
            throw new IllegalArgumentException("OpenCV could not read " + file);
        }
        return net;
    }

    /** The values of a Mat as floats, in memory order; one of another depth, or not continuous, is converted. */
    static float[] floats(Mat mat) {
        if (mat.depth() != opencv_core.CV_32F || !mat.isContinuous()) {
            try (Mat f = new Mat()) {
                mat.convertTo(f, opencv_core.CV_32F);
                return floats(f);
            }
        }
        long n = mat.total() * mat.channels();
        float[] out = new float[Math.toIntExact(n)];
        new FloatPointer(mat.data()).capacity(n).get(out);
        return out;
    }
}
