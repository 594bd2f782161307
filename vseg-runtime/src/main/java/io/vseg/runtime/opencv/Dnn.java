package io.vseg.runtime.opencv;

import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.opencv_dnn.Net;

/** Networks read by OpenCV DNN. */
public final class Dnn {
    private Dnn() {
    }

    /**
     * The network in {@code model}, with its separate {@code config} file or null. A {@code .tflite} file goes to
     * the TFLite reader, which {@code readNet} does not choose by the extension; any other to {@code readNet}.
     *
     * @throws IllegalArgumentException naming the file when OpenCV reads no network from it
     */
    public static Net read(Path model, Path config) {
        String file = model.toString();
        Net net;
        try {
            net = file.toLowerCase(Locale.ROOT).endsWith(".tflite")
                    ? opencv_dnn.readNetFromTFLite(file)
                    : opencv_dnn.readNet(file, config == null ? "" : config.toString(), "");
        } catch (RuntimeException e) {
            // A file OpenCV cannot parse (cut short, not a model) is a RuntimeException whose message spans lines.
            throw new IllegalArgumentException("OpenCV could not read " + file + ": "
                    + String.valueOf(e.getMessage()).strip().replaceAll("\\s+", " "), e);
        }
        if (net.empty()) {
            net.close();
            throw new IllegalArgumentException("OpenCV could not read " + file);
        }
        return net;
    }
}
