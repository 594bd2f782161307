package io.vseg.runtime.opencv;

import io.vseg.api.Image;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** Image resizing for network inputs, by OpenCV (bilinear). */
public final class Resize {
    private Resize() {
    }

    /** {@code image} resized to {@code width x height}, interleaved RGB bytes. */
    public static byte[] rgb(Image image, int width, int height) {
        if (image.width() == width && image.height() == height) {
            return image.toByteArray();
        }
        try (PointerScope scope = new PointerScope()) {
            Mat src = Mats.rgb(image);
            Mat resized = new Mat();
            opencv_imgproc.resize(src, resized, new Size(width, height), 0, 0, opencv_imgproc.INTER_LINEAR);
            return Mats.toImage(resized, false).toByteArray();
        }
    }
}
