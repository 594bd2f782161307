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
 * <p>The grey images of the last call's two frames are kept: a pipeline asks for the flow of each frame to the one
 * before (the source of one call is the target of the call before) or to a key frame (the same source for several
 * calls), each time the same {@link Image}, which is immutable; so its conversion (copy, shrink, grey; about 0.2 ms
 * of the 0.85 ms a DIS ultrafast call takes on a 854x480 frame) is done once.
 */
abstract class OpenCvFlow implements io.vseg.api.spi.FlowEstimator {
    private final double downscale;
    private Image[] keptImages = new Image[0];
    private Mat[] keptGreys = new Mat[0];

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
            Mat first = cached(target);
            if (first == null) {
                first = Mats.grey(target, downscale);
            }
            Mat second = cached(source);
            if (second == null) {
                second = Mats.grey(source, downscale);
            }
            Mat flow = new Mat();
            // Backward flow target -> source is OpenCV's forward flow from target to source.
            calc(first, second, flow);
            remember(target, first, source, second);
            // Returned on the grid it was computed on (displacements in its own pixels): consumers warp
            // coarse feature maps with it, and upsampling it to full size first would be wasted work.
            return FlowField.fromInterleaved(flow.cols(), flow.rows(), Mats.floats(flow));
        }
    }

    /** The kept grey image of {@code image}, or null. */
    private synchronized Mat cached(Image image) {
        for (int i = 0; i < keptImages.length; i++) {
            if (keptImages[i] == image) {
                return keptGreys[i];
            }
        }
        return null;
    }

    /**
     * Keeps the grey images of this call's frames (retained past the pointer scope that made them; one that was
     * kept already is retained once more before its old hold is released) and frees the others.
     */
    private synchronized void remember(Image target, Mat first, Image source, Mat second) {
        first.retainReference();
        second.retainReference();
        forget();
        keptImages = new Image[] {target, source};
        keptGreys = new Mat[] {first, second};
    }

    @Override
    public void close() {
        forget();
    }

    /** Frees the kept grey images. A subclass that closes more calls {@code super.close()}. */
    private synchronized void forget() {
        for (Mat grey : keptGreys) {
            grey.releaseReference();
        }
        keptImages = new Image[0];
        keptGreys = new Mat[0];
    }
}
