package io.vseg.student;

import io.vseg.api.Image;
import io.vseg.api.Segmentation;
import io.vseg.api.tensor.Tensor;
import java.util.Random;

/**
 * A window of a frame in normalized coordinates, optionally mirrored, sampled to the network input: the
 * training augmentation (random scale, position and flip) and the validation view (the largest centred window).
 * The same window samples the image, the teacher's scores and the ground truth, so they stay aligned.
 *
 * @param x0 left edge, share of the frame width
 * @param y0 top edge, share of the frame height
 * @param w  width, share of the frame width
 * @param h  height, share of the frame height
 */
record Crop(double x0, double y0, double w, double h, boolean flip) {

    /** The largest window of the output's aspect ratio, centred. */
    static Crop centre(int frameWidth, int frameHeight, int outWidth, int outHeight) {
        double[] wh = largest(frameWidth, frameHeight, outWidth, outHeight);
        return new Crop((1 - wh[0]) / 2, (1 - wh[1]) / 2, wh[0], wh[1], false);
    }

    /** The largest window scaled by a random factor in [minScale, 1], at a random place, flipped half the time. */
    static Crop random(Random random, int frameWidth, int frameHeight, int outWidth, int outHeight, double minScale,
                       boolean mayFlip) {
        double[] wh = largest(frameWidth, frameHeight, outWidth, outHeight);
        double s = minScale + (1 - minScale) * random.nextDouble();
        double w = wh[0] * s;
        double h = wh[1] * s;
        return new Crop((1 - w) * random.nextDouble(), (1 - h) * random.nextDouble(), w, h,
                mayFlip && random.nextBoolean());
    }

    private static double[] largest(int fw, int fh, int ow, int oh) {
        double frameAspect = (double) fw / fh;
        double outAspect = (double) ow / oh;
        return frameAspect >= outAspect ? new double[] {outAspect / frameAspect, 1} : new double[] {1, frameAspect / outAspect};
    }

    /** Source coordinate (in source pixels, centres at +0.5) of output column {@code x}. */
    private double srcX(int x, int outWidth, int srcWidth) {
        double u = (x + 0.5) / outWidth;
        if (flip) {
            u = 1 - u;
        }
        return (x0 + u * w) * srcWidth - 0.5;
    }

    private double srcY(int y, int outHeight, int srcHeight) {
        return (y0 + (y + 0.5) / outHeight * h) * srcHeight - 0.5;
    }

    /** Bilinear taps along one axis: for each output position, the two source indices and the weight of the second. */
    private record Taps(int[] first, int[] second, double[] weight) {
        static Taps of(int out, int src, java.util.function.IntToDoubleFunction coordinate) {
            int[] a = new int[out];
            int[] b = new int[out];
            double[] f = new double[out];
            for (int i = 0; i < out; i++) {
                double v = clamp(coordinate.applyAsDouble(i), src);
                a[i] = (int) v;
                b[i] = Math.min(a[i] + 1, src - 1);
                f[i] = v - a[i];
            }
            return new Taps(a, b, f);
        }
    }

    private Taps xTaps(int outWidth, int srcWidth) {
        return Taps.of(outWidth, srcWidth, x -> srcX(x, outWidth, srcWidth));
    }

    private Taps yTaps(int outHeight, int srcHeight) {
        return Taps.of(outHeight, srcHeight, y -> srcY(y, outHeight, srcHeight));
    }

    /** The window of {@code image}, bilinear, as interleaved RGB bytes of {@code outWidth x outHeight}. */
    byte[] rgb(Image image, int outWidth, int outHeight) {
        byte[] rgb = image.toByteArray();
        int sw = image.width();
        Taps tx = xTaps(outWidth, sw);
        Taps ty = yTaps(outHeight, image.height());
        byte[] sampled = new byte[outWidth * outHeight * 3];
        for (int y = 0; y < outHeight; y++) {
            int row0 = ty.first()[y] * sw;
            int row1 = ty.second()[y] * sw;
            double fy = ty.weight()[y];
            for (int x = 0; x < outWidth; x++) {
                int a = tx.first()[x];
                int b = tx.second()[x];
                double fx = tx.weight()[x];
                for (int c = 0; c < 3; c++) {
                    double top = (rgb[(row0 + a) * 3 + c] & 0xFF) * (1 - fx) + (rgb[(row0 + b) * 3 + c] & 0xFF) * fx;
                    double bottom = (rgb[(row1 + a) * 3 + c] & 0xFF) * (1 - fx) + (rgb[(row1 + b) * 3 + c] & 0xFF) * fx;
                    sampled[(y * outWidth + x) * 3 + c] = (byte) Math.round(top * (1 - fy) + bottom * fy);
                }
            }
        }
        return sampled;
    }

    /** The window of a [K,h,w] score tensor, bilinear, CHW into {@code out} at {@code offset}. */
    void scores(Tensor t, int outWidth, int outHeight, float[] out, int offset) {
        Taps tx = xTaps(outWidth, t.width());
        Taps ty = yTaps(outHeight, t.height());
        int n = outWidth * outHeight;
        for (int c = 0; c < t.channels(); c++) {
            for (int y = 0; y < outHeight; y++) {
                int y0 = ty.first()[y];
                int y1 = ty.second()[y];
                double fy = ty.weight()[y];
                for (int x = 0; x < outWidth; x++) {
                    int a = tx.first()[x];
                    int b = tx.second()[x];
                    double fx = tx.weight()[x];
                    double top = t.get(c, y0, a) * (1 - fx) + t.get(c, y0, b) * fx;
                    double bottom = t.get(c, y1, a) * (1 - fx) + t.get(c, y1, b) * fx;
                    out[offset + c * n + y * outWidth + x] = (float) (top * (1 - fy) + bottom * fy);
                }
            }
        }
    }

    /** The window of a label map, nearest neighbour, row-major. */
    int[] labels(Segmentation s, int outWidth, int outHeight) {
        int[] out = new int[outWidth * outHeight];
        for (int y = 0; y < outHeight; y++) {
            int sy = (int) Math.round(clamp(srcY(y, outHeight, s.height()), s.height()));
            for (int x = 0; x < outWidth; x++) {
                int sx = (int) Math.round(clamp(srcX(x, outWidth, s.width()), s.width()));
                out[y * outWidth + x] = s.label(sx, sy);
            }
        }
        return out;
    }

    private static double clamp(double v, int size) {
        return Math.max(0, Math.min(size - 1, v));
    }
}
