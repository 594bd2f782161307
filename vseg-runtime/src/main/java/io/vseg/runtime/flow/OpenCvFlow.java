package io.vseg.runtime.flow;

import io.vseg.api.Image;
import io.vseg.api.tensor.FlowField;
import io.vseg.runtime.opencv.Mats;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Shared shape of the OpenCV flow estimators: grey inputs, optionally shrunk by {@code downscale}, and a
 * flow field on that (possibly coarser) grid of the target.
 *
 * <p>The last target's grey image is kept: a pipeline asks for the flow of each frame to the one before, so the
 * source of one call is the target of the call before (the same {@link Image}, which is immutable), and its
 * conversion (copy, shrink, grey; about 0.2 ms of the 0.85 ms a DIS ultrafast call takes on a 854x480 frame) is
 * done once instead of twice.
 */
abstract class OpenCvFlow implements io.vseg.api.spi.FlowEstimator {
    private final double downscale;
    private Image lastImage;
    private Mat lastGrey;

    OpenCvFlow(double downscale) {
        if (!(downscale >= 1)) {
            throw new IllegalArgumentException("downscale: must be >= 1, got " + downscale);
        }
        this.downscale = downscale;
    }

    /** OpenCV's convention: {@code first(p) ~ second(p + flow(p))}, flow on first's grid, CV_32FC2. */
    abstract void calc(Mat first, Mat second, Mat flow);

    @Override
    public final FlowField estimate(Image target, Image source) {
        if (target.width() != source.width() || target.height() != source.height()) {
            throw new IllegalArgumentException("flow needs images of one size, got " + target + " and " + source);
        }
        try (PointerScope scope = new PointerScope()) {
            Mat first = Mats.grey(target, downscale);
            Mat second = cached(source);
            if (second == null) {
                second = Mats.grey(source, downscale);
            }
            Mat flow = new Mat();
            // Backward flow target -> source is OpenCV's forward flow from target to source.
            calc(first, second, flow);
            remember(target, first);
            // Returned on the grid it was computed on (displacements in its own pixels): consumers warp
            // coarse feature maps with it, and upsampling it to full size first would be wasted work.
            return FlowField.fromInterleaved(flow.cols(), flow.rows(), Mats.floats(flow));
        }
    }

    /** The grey image of {@code image} if it was the last target, or null. */
    private synchronized Mat cached(Image image) {
        return image == lastImage ? lastGrey : null;
    }

    /** Keeps {@code grey} (made in a pointer scope: retained past it) and frees the one kept before. */
    private synchronized void remember(Image image, Mat grey) {
        grey.retainReference();
        forget();
        lastImage = image;
        lastGrey = grey;
    }

    @Override
    public void close() {
        forget();
    }

    /** Frees the kept grey image. A subclass that closes more calls {@code super.close()}. */
    private synchronized void forget() {
        if (lastGrey != null) {
            lastGrey.releaseReference();
        }
        lastGrey = null;
        lastImage = null;
    }
}
