package io.vseg.learn;

import static java.util.Objects.requireNonNull;

import io.vseg.api.Image;
import io.vseg.api.Segmentation;
import io.vseg.api.tensor.Tensor;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Frames and labels brought onto the grid of a feature map, the same way when a part is trained and when it runs in a
 * pipeline: a frame-based fuser (NetWarp's flow transform, GRFP's gate) sees the images it was trained on.
 */
public final class Grids {
    private Grids() {
    }

    /**
     * {@code image} as a (3, height, width) tensor of RGB values in [0, 1], each output pixel the mean of the source
     * pixels under it (a box filter: no aliasing however far it shrinks; the nearest pixel where it enlarges).
     */
    public static Tensor image(Image image, int height, int width) {
        requireNonNull(image, "image is null");
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("grid: positive, got " + width + "x" + height);
        }
        int sw = image.width();
        int sh = image.height();
        ByteBuffer px = image.pixels();
        float[] out = new float[3 * height * width];
        int plane = height * width;
        int[] x0 = new int[width];
        int[] x1 = new int[width];
        for (int x = 0; x < width; x++) {
            x0[x] = Math.min(sw - 1, (int) ((long) x * sw / width));
            x1[x] = Math.max(x0[x] + 1, (int) ((long) (x + 1) * sw / width));
        }
        byte[] row = new byte[3 * sw];
        // The source rows under an output row summed per column first (integers: exact), then each output pixel's
        // columns: the same sums as pixel by pixel, in a loop the JIT vectorises.
        int[] columns = new int[3 * sw];
        for (int y = 0; y < height; y++) {
            int y0 = Math.min(sh - 1, (int) ((long) y * sh / height));
            int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * sh / height));
            Arrays.fill(columns, 0);
            for (int yy = y0; yy < y1; yy++) {
                px.get(yy * 3 * sw, row);
                for (int p = 0; p < row.length; p++) {
                    columns[p] += row[p] & 0xFF;
                }
            }
            for (int x = 0; x < width; x++) {
                long r = 0; // a box of more than 8.4 million source pixels would overflow an int
                long g = 0;
                long b = 0;
                for (int p = 3 * x0[x], end = 3 * x1[x]; p < end; p += 3) {
                    r += columns[p];
                    g += columns[p + 1];
                    b += columns[p + 2];
                }
                float inv = 1f / (255f * (y1 - y0) * (x1[x] - x0[x]));
                int o = y * width + x;
                out[o] = r * inv;
                out[plane + o] = g * inv;
                out[2 * plane + o] = b * inv;
            }
        }
        return Tensor.wrap(3, height, width, out);
    }

    /** {@code labels} on a {@code height x width} grid: each grid pixel takes the label at its centre. */
    public static int[] labels(Segmentation labels, int height, int width) {
        requireNonNull(labels, "labels is null");
        int[] out = new int[height * width];
        int sw = labels.width();
        int sh = labels.height();
        int[] src = labels.labels();
        for (int y = 0; y < height; y++) {
            int sy = Math.min(sh - 1, (int) ((y + 0.5) * sh / height));
            for (int x = 0; x < width; x++) {
                int sx = Math.min(sw - 1, (int) ((x + 0.5) * sw / width));
                out[y * width + x] = src[sy * sw + sx];
            }
        }
        return out;
    }
}
