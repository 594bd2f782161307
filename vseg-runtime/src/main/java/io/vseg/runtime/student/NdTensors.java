package io.vseg.runtime.student;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.vseg.api.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Moves data between vseg's {@link Tensor}s and DJL's NDArrays in bulk through native-order direct buffers
 * ({@code NDArray.toFloatArray} converts element by element, which costs more than a small convolution).
 */
public final class NdTensors {
    private NdTensors() {
    }

    /** A [C,H,W] tensor from a [1,C,H,W] or [C,H,W] array. */
    public static Tensor toTensor(NDArray array) {
        Shape s = array.getShape();
        int d = s.dimension();
        int c = (int) s.get(d - 3);
        int h = (int) s.get(d - 2);
        int w = (int) s.get(d - 1);
        float[] values = new float[c * h * w];
        array.toByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer().get(values);
        return Tensor.wrap(c, h, w, values);
    }

    /** A [1,C,H,W] array holding {@code t}. */
    public static NDArray toArray(NDManager manager, Tensor t) {
        ByteBuffer buf = direct(t.size());
        buf.asFloatBuffer().put(t.buffer());
        return manager.create(buf, new Shape(1, t.channels(), t.height(), t.width()), DataType.FLOAT32);
    }

    /** A zeroed direct buffer for {@code floats} values in native order. */
    public static ByteBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder());
    }

    /**
     * Writes interleaved RGB bytes ({@code width * height} pixels) as normalized CHW floats at {@code offset}
     * (in floats) of {@code out}: (pixel / 255 - mean) / std per channel ({@link StudentArchitecture#mean()}),
     * the student's input.
     */
    public static void normalize(byte[] rgb, int width, int height, StudentArchitecture arch, FloatBuffer out,
                                 int offset) {
        int n = width * height;
        float[] means = arch.mean();
        float[] stds = arch.std();
        for (int c = 0; c < 3; c++) {
            float mean = means[c];
            float inv = 1f / stds[c];
            int base = offset + c * n;
            for (int p = 0; p < n; p++) {
                out.put(base + p, ((rgb[p * 3 + c] & 0xFF) / 255f - mean) * inv);
            }
        }
    }
}
