package io.vseg.jmh;

import io.vseg.api.tensor.BorderMode;
import io.vseg.api.tensor.FlowField;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The framework's per-pixel kernels against OpenCV's own call on the same data, as a frame loop meets them:
 * warping class scores by a flow (vseg's {@link Tensors#warp} against {@code cv::remap} on each channel), resizing
 * them ({@link Tensors#resize} against {@code cv::resize} on each channel) and decoding labels
 * ({@link Tensors#argmax(Tensor, int, int)}: the argmax of the scores bilinearly resized to the frame, against
 * {@code cv::resize} of every channel alone, which is less work than the decode). Shapes: ESPNet's Cityscapes
 * scores (20 x 512 x 1024) and the selfie model's (2 x 144 x 256), decoded to an 854 x 480 DAVIS frame; on one
 * thread and on two (vseg.runtime.threads; cv::setNumThreads). Divide a score by the output pixels (channels x
 * height x width for warp and resize, 854 x 480 for decode) for nanoseconds per output pixel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class KernelBenchmark {
    static final int FRAME_W = 854;
    static final int FRAME_H = 480;

    @Param({"20x512x1024", "2x144x256"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private Tensor scores;
    private FlowField flow;
    private Mat[] planes;
    private Mat mapX;
    private Mat mapY;
    private Mat out;

    @Setup(Level.Trial)
    public void setUp() {
        String[] dims = shape.split("x");
        int c = Integer.parseInt(dims[0]);
        int h = Integer.parseInt(dims[1]);
        int w = Integer.parseInt(dims[2]);
        // Scores that vary smoothly across the image, as a network's do (random values per pixel would make every
        // comparison of the decode a coin toss, which real logits are not): a few waves of random phase per class.
        Random r = new Random(42);
        float[] v = new float[c * h * w];
        for (int k = 0; k < c; k++) {
            double ax = 0.02 + 0.05 * r.nextDouble();
            double ay = 0.02 + 0.05 * r.nextDouble();
            double px = 6.3 * r.nextDouble();
            double py = 6.3 * r.nextDouble();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    v[(k * h + y) * w + x] = (float) (Math.sin(x * ax * 1024 / w + px) + Math.cos(y * ay * 512 / h + py));
                }
            }
        }
        scores = Tensor.wrap(c, h, w, v);
        // Smooth motion of a few pixels, as between neighbouring video frames.
        float[] f = new float[2 * h * w];
        float[] mx = new float[h * w];
        float[] my = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                f[p] = (float) (2 * Math.sin(y * 0.05));
                f[h * w + p] = (float) (1.5 * Math.cos(x * 0.03));
                mx[p] = x + f[p];
                my[p] = y + f[h * w + p];
            }
        }
        flow = FlowField.of(Tensor.wrap(2, h, w, f));
        planes = new Mat[c];
        for (int k = 0; k < c; k++) {
            float[] plane = new float[h * w];
            System.arraycopy(v, k * h * w, plane, 0, h * w);
            planes[k] = new Mat(h, w, opencv_core.CV_32FC1, new FloatPointer(plane));
        }
        mapX = new Mat(h, w, opencv_core.CV_32FC1, new FloatPointer(mx));
        mapY = new Mat(h, w, opencv_core.CV_32FC1, new FloatPointer(my));
        out = new Mat();
        Tensors.useThreads(threads);
        opencv_core.setNumThreads(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Tensors.useThreads(1);
    }

    @Benchmark
    public Tensor warpVseg() {
        return Tensors.warp(scores, flow, BorderMode.REPLICATE);
    }

    @Benchmark
    public Mat warpOpenCvRemap() {
        for (Mat plane : planes) {
            opencv_imgproc.remap(plane, out, mapX, mapY, opencv_imgproc.INTER_LINEAR, opencv_core.BORDER_REPLICATE,
                    new Scalar());
        }
        return out;
    }

    @Benchmark
    public Tensor resizeVseg() {
        return Tensors.resize(scores, FRAME_H, FRAME_W);
    }

    @Benchmark
    public Mat resizeOpenCv() {
        for (Mat plane : planes) {
            opencv_imgproc.resize(plane, out, new Size(FRAME_W, FRAME_H), 0, 0, opencv_imgproc.INTER_LINEAR);
        }
        return out;
    }

    @Benchmark
    public int[] decodeVseg() {
        return Tensors.argmax(scores, FRAME_H, FRAME_W);
    }
}
