package io.vseg.testkit;

import static java.util.Objects.requireNonNull;

import io.vseg.api.Frame;
import io.vseg.api.Image;
import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic frames for unit tests: small, exact, and described by a formula rather than a file, so a test can say
 * what a component should see. Frames are timed at 25 frames per second.
 */
public final class TestFrames {
    /** Microseconds between frames: 25 frames per second. */
    public static final long FRAME_MICROS = 40_000;

    private TestFrames() {
    }

    /** A pixel's colour as {@code 0xRRGGBB}, by position. */
    @FunctionalInterface
    public interface Painter {
        int rgb(int x, int y);
    }

    /** A black frame. */
    public static Frame blank(int index, int width, int height) {
        return new Frame(index, index * FRAME_MICROS, Image.wrap(width, height, new byte[width * height * 3]));
    }

    /** A frame whose pixel (x, y) is {@code painter.rgb(x, y)}. */
    public static Frame painted(int index, int width, int height, Painter painter) {
        requireNonNull(painter, "painter is null");
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int c = painter.rgb(x, y);
                int p = (y * width + x) * 3;
                rgb[p] = (byte) (c >> 16);
                rgb[p + 1] = (byte) (c >> 8);
                rgb[p + 2] = (byte) c;
            }
        }
        return new Frame(index, index * FRAME_MICROS, Image.wrap(width, height, rgb));
    }

    /**
     * {@code count} frames of a red square (a quarter of the height on a side) moving right by 2 pixels a frame over
     * a still grey checkerboard of 8-pixel cells: the "person" of a {@link FakeExtractor} moving against a textured
     * background, which gives schedulers some motion to see and optical flow some texture to lock on.
     */
    public static List<Frame> movingSquare(int count, int width, int height) {
        List<Frame> frames = new ArrayList<>(count);
        int side = Math.max(1, height / 4);
        for (int i = 0; i < count; i++) {
            int left = width / 8 + 2 * i;
            int top = (height - side) / 2;
            frames.add(painted(i, width, height, (x, y) -> {
                if (x >= left && x < left + side && y >= top && y < top + side) {
                    return 0xE01010;
                }
                int grey = ((x / 8 + y / 8) % 2 == 0) ? 0x60 : 0x90;
                return grey << 16 | grey << 8 | grey;
            }));
        }
        return frames;
    }
}
