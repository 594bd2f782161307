package io.vseg.api.tensor;

import static java.util.Objects.requireNonNull;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A float32 tensor of shape {@code [channels, height, width]} (batch 1), stored row-major:
 * element (c, y, x) is at {@code (c * height + y) * width + x}.
 *
 * <p>Immutable. {@link #wrap} takes ownership of the array it is given (no copy, for speed on the frame
 * loop): the caller must not change it afterwards. Readers get a read-only {@link #buffer()} or a copy.
 * The operations live in {@link Tensors}.
 */
public final class Tensor {
    private final int channels;
    private final int height;
    private final int width;
    final float[] data;

    private Tensor(int channels, int height, int width, float[] data) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("tensor shape must be positive, got " + shape(channels, height, width));
        }
        if ((long) channels * height * width != data.length) {
            throw new IllegalArgumentException("shape " + shape(channels, height, width) + " needs "
                    + (long) channels * height * width + " values, got " + data.length);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.data = data;
    }

    /** A tensor over {@code data}, which it owns from now on. */
    public static Tensor wrap(int channels, int height, int width, float[] data) {
        return new Tensor(channels, height, width, requireNonNull(data, "data is null"));
    }

    /** A tensor holding a copy of {@code data}. */
    public static Tensor copyOf(int channels, int height, int width, float[] data) {
        return new Tensor(channels, height, width, data.clone());
    }

    /** A tensor of zeros. */
    public static Tensor zeros(int channels, int height, int width) {
        return new Tensor(channels, height, width, new float[channels * height * width]);
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    /** Element (c, y, x). */
    public float get(int c, int y, int x) {
        return data[(c * height + y) * width + x];
    }

    /** Read-only view of the values, row-major, position 0. */
    public FloatBuffer buffer() {
        return FloatBuffer.wrap(data).asReadOnlyBuffer();
    }

    /** A copy of the values, row-major. */
    public float[] toArray() {
        return data.clone();
    }

    /** A copy of channel {@code c}, {@code height * width} values row-major. */
    public float[] channel(int c) {
        return Arrays.copyOfRange(data, c * height * width, (c + 1) * height * width);
    }

    public boolean sameShape(Tensor other) {
        return channels == other.channels && height == other.height && width == other.width;
    }

    /** The shape as text, {@code [c, h, w]}. */
    public String shape() {
        return shape(channels, height, width);
    }

    private static String shape(int c, int h, int w) {
        return "[" + c + ", " + h + ", " + w + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && sameShape(t) && Arrays.equals(t.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * channels + height) + width) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + shape();
    }
}
