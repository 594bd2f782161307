package io.vseg.api;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An 8-bit RGB picture, pixels interleaved row by row ({@code r, g, b, r, g, b, ...}).
 *
 * <p>Immutable: the constructor copies nothing for speed, so the array passed to {@link #wrap} belongs to
 * the image from then on and must not be changed by the caller; readers get a read-only view.
 */
public final class Image {
    private final int width;
    private final int height;
    private final byte[] rgb;

    private Image(int width, int height, byte[] rgb) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException(
                    "expected " + width * height * 3 + " bytes for " + width + "x" + height + " RGB, got " + rgb.length);
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    /** An image over {@code rgb}, which the image owns from now on (no copy is made). */
    public static Image wrap(int width, int height, byte[] rgb) {
        return new Image(width, height, java.util.Objects.requireNonNull(rgb, "rgb is null"));
    }

    /** An image holding a copy of {@code rgb}. */
    public static Image copyOf(int width, int height, byte[] rgb) {
        return new Image(width, height, rgb.clone());
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Width divided by height. */
    public double aspectRatio() {
        return (double) width / height;
    }

    /** Read-only view of the interleaved RGB bytes, position 0. */
    public ByteBuffer pixels() {
        return ByteBuffer.wrap(rgb).asReadOnlyBuffer();
    }

    /** A copy of the interleaved RGB bytes. */
    public byte[] toByteArray() {
        return rgb.clone();
    }

    /** Channel {@code c} (0 red, 1 green, 2 blue) of pixel (x, y), 0..255. */
    public int get(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xFF;
    }

    /** The pixels inside {@code region}, which must lie inside the image. */
    public Image crop(Region region) {
        if (region.x() < 0 || region.y() < 0 || region.right() > width || region.bottom() > height) {
            throw new IllegalArgumentException(region + " is not inside a " + width + "x" + height + " image");
        }
        byte[] out = new byte[region.width() * region.height() * 3];
        int rowBytes = region.width() * 3;
        for (int y = 0; y < region.height(); y++) {
            System.arraycopy(rgb, ((region.y() + y) * width + region.x()) * 3, out, y * rowBytes, rowBytes);
        }
        return new Image(region.width(), region.height(), out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Image other && other.width == width && other.height == height
                && Arrays.equals(other.rgb, rgb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(rgb);
    }

    @Override
    public String toString() {
        return "Image[" + width + "x" + height + "]";
    }
}
