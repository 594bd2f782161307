package io.vseg.api;

import java.util.ArrayList;
import java.util.List;

/**
 * An axis-aligned rectangle of a frame, in pixels: {@code [x, x + width) x [y, y + height)}.
 */
public record Region(int x, int y, int width, int height) {
    public Region {
        if (x < 0 || y < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("invalid region " + x + "," + y + " " + width + "x" + height);
        }
    }

    /** The whole of a {@code width x height} frame. */
    public static Region whole(int width, int height) {
        return new Region(0, 0, width, height);
    }

    public int right() {
        return x + width;
    }

    public int bottom() {
        return y + height;
    }

    public boolean contains(int px, int py) {
        return px >= x && px < right() && py >= y && py < bottom();
    }

    /**
     * Splits a {@code width x height} frame into {@code columns x rows} cells of (nearly) equal size, each
     * grown by {@code overlap} pixels on every side that is not the frame's border.
     * The cells without overlap tile the frame exactly; listed row by row.
     */
    public static List<Region> grid(int width, int height, int columns, int rows, int overlap) {
        if (columns <= 0 || rows <= 0 || overlap < 0) {
            throw new IllegalArgumentException("grid needs columns, rows > 0 and overlap >= 0");
        }
        if (columns > width || rows > height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " frame cannot hold a "
                    + columns + "x" + rows + " grid");
        }
        List<Region> cells = new ArrayList<>(columns * rows);
        for (int r = 0; r < rows; r++) {
            int y0 = r * height / rows;
            int y1 = (r + 1) * height / rows;
            for (int c = 0; c < columns; c++) {
                int x0 = c * width / columns;
                int x1 = (c + 1) * width / columns;
                int left = Math.max(0, x0 - overlap);
                int top = Math.max(0, y0 - overlap);
                int right = Math.min(width, x1 + overlap);
                int bottom = Math.min(height, y1 + overlap);
                cells.add(new Region(left, top, right - left, bottom - top));
            }
        }
        return List.copyOf(cells);
    }
}
