package io.vseg.plugin.dvsnet;

import io.vseg.api.Image;
import io.vseg.api.Region;
import io.vseg.api.tensor.Tensor;
import java.util.List;

/**
 * The coarse grid the decision features are computed on: the optical flow's own grid (for DIS on a frame shrunk
 * by 4, 213x120 for 854x480 video), each cell standing for a block of frame pixels. Grey thumbnails and label
 * maps are brought onto it so that flow, images and labels line up cell by cell.
 *
 * @param width       cells across
 * @param height      cells down
 * @param frameWidth  the frame's width in pixels
 * @param frameHeight the frame's height in pixels
 */
record MotionGrid(int width, int height, int frameWidth, int frameHeight) {

    /** Frame x of the centre of cell column {@code i}. */
    double frameX(int i) {
        return (i + 0.5) * frameWidth / width;
    }

    double frameY(int j) {
        return (j + 0.5) * frameHeight / height;
    }

    /** First and last+1 cell columns whose centres lie in {@code [from, to)} frame pixels (at least one). */
    int[] columns(int from, int to) {
        return span(from, to, width, frameWidth);
    }

    int[] rows(int from, int to) {
        return span(from, to, height, frameHeight);
    }

    private static int[] span(int from, int to, int cells, int pixels) {
        int a = Math.max(0, (int) Math.ceil((double) from * cells / pixels - 0.5));
        int b = Math.min(cells, (int) Math.ceil((double) to * cells / pixels - 0.5));
        if (b <= a) {
            a = Math.min(cells - 1, a);
            b = a + 1;
        }
        return new int[] {a, b};
    }

    /**
     * The image's luma (0..1) averaged over each cell's block of pixels, read on every second row and column
     * (a cell is several pixels across; this halves the cost twice and changes the mean by little).
     */
    float[] grey(Image image) {
        return grey(image, 1);
    }

    /** As {@link #grey(Image)}, on the cells whose column and row are multiples of {@code stride} only (0 elsewhere). */
    float[] grey(Image image, int stride) {
        if (image.width() != frameWidth || image.height() != frameHeight) {
            throw new IllegalArgumentException("image is " + image.width() + "x" + image.height() + ", the grid's frame "
                    + frameWidth + "x" + frameHeight);
        }
        int step = frameWidth >= 2 * width && frameHeight >= 2 * height ? 2 : 1;
        float[] sum = new float[width * height];
        int[] count = new int[width * height];
        byte[] rgb = new byte[frameWidth * 3];
        java.nio.ByteBuffer px = image.pixels();
        int[] cellOfX = new int[frameWidth];
        for (int x = 0; x < frameWidth; x++) {
            cellOfX[x] = Math.min(width - 1, x * width / frameWidth);
        }
        for (int y = 0; y < frameHeight; y += step) {
            int cellRow = Math.min(height - 1, y * height / frameHeight);
            if (cellRow % stride != 0) {
                continue;
            }
            int row = cellRow * width;
            px.get(y * frameWidth * 3, rgb);
            for (int x = 0, p = 0; x < frameWidth; x += step, p += 3 * step) {
                if (cellOfX[x] % stride != 0) {
                    continue;
                }
                int c = row + cellOfX[x];
                sum[c] += 0.299f * (rgb[p] & 0xFF) + 0.587f * (rgb[p + 1] & 0xFF) + 0.114f * (rgb[p + 2] & 0xFF);
                count[c]++;
            }
        }
        for (int c = 0; c < sum.length; c++) {
            sum[c] = count[c] == 0 ? 0 : sum[c] / (255f * count[c]);
        }
        return sum;
    }

    /**
     * What the key frame's prediction says on each cell: its label, and its margin (the top class probability
     * minus the second, after a softmax), low where the network hesitates.
     */
    record KeyCells(int[] labels, float[] margins) {
    }

    /**
     * The key frame's prediction on the grid, from class scores computed on regions: each cell is read, at its
     * centre (nearest score cell), from the region whose tile (the region without its overlap, in a
     * {@code columns x rows} grid) holds that centre. For scores of the whole frame, one region and a 1x1 grid.
     */
    KeyCells cells(List<Region> regions, List<Tensor> scores, int columns, int rows) {
        int[] labels = new int[width * height];
        float[] margins = new float[width * height];
        for (int j = 0; j < height; j++) {
            double fy = frameY(j);
            int r = Math.min(rows - 1, (int) (fy * rows / frameHeight));
            for (int i = 0; i < width; i++) {
                double fx = frameX(i);
                int c = Math.min(columns - 1, (int) (fx * columns / frameWidth));
                Region region = regions.get(r * columns + c);
                Tensor s = scores.get(r * columns + c);
                int sx = Math.max(0, Math.min(s.width() - 1, (int) ((fx - region.x()) * s.width() / region.width())));
                int sy = Math.max(0, Math.min(s.height() - 1, (int) ((fy - region.y()) * s.height() / region.height())));
                float top = Float.NEGATIVE_INFINITY;
                float second = Float.NEGATIVE_INFINITY;
                int best = 0;
                for (int k = 0; k < s.channels(); k++) {
                    float v = s.get(k, sy, sx);
                    if (v > top) {
                        second = top;
                        top = v;
                        best = k;
                    } else if (v > second) {
                        second = v;
                    }
                }
                double sum = 0;
                for (int k = 0; k < s.channels(); k++) {
                    sum += Math.exp(s.get(k, sy, sx) - top);
                }
                labels[j * width + i] = best;
                margins[j * width + i] = s.channels() < 2 ? 1 : (float) ((1 - Math.exp(second - top)) / sum);
            }
        }
        return new KeyCells(labels, margins);
    }
}
