package io.vseg.runtime.opencv;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.vseg.api.Image;
import java.nio.ByteBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** Conversions between vseg's {@link Image} and OpenCV's {@link Mat}, and native set-up. */
public final class Mats {
    private Mats() {
    }

    /** Bounds OpenCV's own thread pool; call once per process before heavy work. */
    public static void useThreads(int threads) {
        opencv_core.setNumThreads(Math.max(1, threads));
    }

    /** A new 8-bit, 3-channel RGB Mat holding a copy of the image's pixels. The caller closes it. */
    public static Mat rgb(Image image) {
        Mat mat = new Mat(image.height(), image.width(), CV_8UC3);
        ByteBuffer dst = mat.data().capacity((long) image.width() * image.height() * 3).asBuffer();
        dst.put(image.pixels());
        return mat;
    }

    /**
     * A new 8-bit grey Mat of the image, shrunk by {@code downscale} when above 1 (shrinking first, so the
     * colour conversion runs on the small image). The caller closes it.
     */
    public static Mat grey(Image image, double downscale) {
        try (Mat rgb = rgb(image)) {
            Mat src = rgb;
            if (downscale > 1) {
                src = new Mat();
                int w = Math.max(8, (int) Math.round(image.width() / downscale));
                int h = Math.max(8, (int) Math.round(image.height() / downscale));
                // Bilinear, not INTER_AREA: area averaging at a non-integer ratio (854 / 4 = 213.5) takes 10x
                // longer than the flow itself, and DIS smooths with its own pyramid anyway.
                opencv_imgproc.resize(rgb, src, new Size(w, h), 0, 0, opencv_imgproc.INTER_LINEAR);
            }
            Mat grey = new Mat();
            opencv_imgproc.cvtColor(src, grey, opencv_imgproc.COLOR_RGB2GRAY);
            if (src != rgb) {
                src.close();
            }
            return grey;
        }
    }

    /** An {@link Image} from an 8-bit RGB (or, with {@code bgr}, BGR) 3-channel Mat. */
    public static Image toImage(Mat mat, boolean bgr) {
        Mat rgb = mat;
        if (bgr) {
            rgb = new Mat();
            opencv_imgproc.cvtColor(mat, rgb, opencv_imgproc.COLOR_BGR2RGB);
        }
        try {
            Mat continuous = rgb.isContinuous() ? rgb : rgb.clone();
            byte[] bytes = new byte[continuous.cols() * continuous.rows() * 3];
            continuous.data().get(bytes);
            if (continuous != rgb) {
                continuous.close();
            }
            return Image.wrap(mat.cols(), mat.rows(), bytes);
        } finally {
            if (rgb != mat) {
                rgb.close();
            }
        }
    }

    /** The values of a Mat as floats, in memory order; one of another depth, or not continuous, is converted. */
    public static float[] floats(Mat mat) {
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
