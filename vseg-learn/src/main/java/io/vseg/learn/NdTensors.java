package io.vseg.learn;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.vseg.api.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Moves data between vseg's {@link Tensor}s (and 8-bit RGB pixels) and DJL's NDArrays in bulk, through
 * native-order direct buffers: {@code NDArray.toFloatArray} converts element by element, which costs more than a
 * small convolution, and a network's input is built faster in a buffer the engine reads as it is.
 */
public final class NdTensors {
    private NdTensors() {
    }

    /**
     * A [C,H,W] tensor from a float32 array of shape [1,C,H,W] or [C,H,W].
     *
     * @throws IllegalArgumentException for another shape or data type (a batch of several is not one tensor)
     */
    public static Tensor toTensor(NDArray array) {
        requireNonNull(array, "array is null");
        Shape s = array.getShape();
        int d = s.dimension();
        if (array.getDataType() != DataType.FLOAT32 || !(d == 3 || d == 4 && s.get(0) == 1)) {
            throw new IllegalArgumentException("a float32 [1,C,H,W] or [C,H,W] array expected, got "
                    + array.getDataType() + " " + s);
        }
        int c = (int) s.get(d - 3);
        int h = (int) s.get(d - 2);
        int w = (int) s.get(d - 1);
        float[] values = new float[c * h * w];
        array.toByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer().get(values);
        return Tensor.wrap(c, h, w, values);
    }

    /** A [1,C,H,W] float32 array holding {@code t}, owned by {@code manager}. */
    public static NDArray toArray(NDManager manager, Tensor t) {
        requireNonNull(manager, "manager is null");
        requireNonNull(t, "t is null");
        ByteBuffer buf = direct(t.size());
        buf.asFloatBuffer().put(t.buffer());
        return manager.create(buf, new Shape(1, t.channels(), t.height(), t.width()), DataType.FLOAT32);
    }

    /** A zeroed direct buffer for {@code floats} values in native order, as {@link NDManager#create} reads it. */
    public static ByteBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder());
    }

    /**
     * Writes interleaved RGB bytes ({@code width * height} pixels) as normalized CHW floats at {@code offset} (in
     * floats) of {@code out}: {@code (pixel / 255 - mean[c]) / std[c]} per channel, a network's usual input. Batches
     * are built by writing each image at its own offset.
     */
    public static void normalize(byte[] rgb, int width, int height, float[] mean, float[] std, FloatBuffer out,
                                 int offset) {
        requireNonNull(rgb, "rgb is null");
        requireNonNull(out, "out is null");
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std: one value per RGB channel, got " + mean.length
                    + " and " + std.length);
        }
        int n = width * height;
        if (rgb.length != n * 3) {
            throw new IllegalArgumentException("rgb: " + width + "x" + height + " pixels need " + n * 3
                    + " bytes, got " + rgb.length);
        }
        for (int c = 0; c < 3; c++) {
            float m = mean[c];
            float inv = 1f / std[c];
            int base = offset + c * n;
            for (int p = 0; p < n; p++) {
                out.put(base + p, ((rgb[p * 3 + c] & 0xFF) / 255f - m) * inv);
            }
        }
    }
}
