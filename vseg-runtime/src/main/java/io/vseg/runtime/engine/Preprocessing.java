package io.vseg.runtime.engine;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import io.vseg.api.Image;
import io.vseg.runtime.opencv.Mats;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * How a frame becomes a network's input: one block, the same keys, for every extractor (DESIGN §6). In this order:
 * <ol>
 *   <li>{@code channel-order}: the network's order of the colour channels, {@code rgb} or {@code bgr} (networks
 *       trained on images read by OpenCV, such as ESPNet's Cityscapes model);</li>
 *   <li>{@code resize} to the network's input size, bilinear with half-pixel centres (OpenCV's
 *       {@code INTER_LINEAR}): {@code bytes} resizes the 8-bit frame (rounding each value, as most training code
 *       did with {@code cv2.resize} on images), {@code float} resizes the values without rounding (as a pipeline
 *       that normalises before it resizes does; for a linear normalisation the order does not matter then);</li>
 *   <li>{@code value = (pixel - mean[c]) * scale / std[c]} per channel c, pixel in 0..255, with {@code mean} and
 *       {@code std} given in the network's channel order; written as CHW floats.</li>
 * </ol>
 * ESPNet's {@code (p - mean) / std / 255} is {@code scale = 1/255} with its mean and std; the selfie model's
 * {@code p / 255} is {@code scale = 1/255}, mean 0 and std 1.
 *
 * @param bgr        whether the network reads B, G, R
 * @param floatResize whether to resize values (true) or the 8-bit frame (false)
 * @param mean       per channel, in the network's order
 * @param std        per channel, in the network's order
 * @param scale      applied after the mean
 */
record Preprocessing(boolean bgr, boolean floatResize, float[] mean, float[] std, float scale) {

    Preprocessing {
        requireNonNull(mean, "mean is null");
        requireNonNull(std, "std is null");
        mean = mean.clone();
        std = std.clone();
    }

    /** The block's keys of an extractor's configuration: channel-order, resize, mean, std, scale. */
    static Preprocessing of(Config c) {
        String order = c.getString("channel-order").trim().toLowerCase(Locale.ROOT);
        if (!order.equals("rgb") && !order.equals("bgr")) {
            throw new IllegalArgumentException("channel-order: rgb or bgr, got '" + c.getString("channel-order") + "'");
        }
        String resize = c.getString("resize").trim().toLowerCase(Locale.ROOT);
        if (!resize.equals("bytes") && !resize.equals("float")) {
            throw new IllegalArgumentException("resize: bytes or float, got '" + c.getString("resize") + "'");
        }
        float[] std = three(c.getDoubleList("std"), "std");
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std: every value must be positive, got " + c.getDoubleList("std"));
            }
        }
        return new Preprocessing(order.equals("bgr"), resize.equals("float"), three(c.getDoubleList("mean"), "mean"),
                std, (float) c.getDouble("scale"));
    }

    private static float[] three(List<Double> values, String key) {
        if (values.size() != 3) {
            throw new IllegalArgumentException(key + ": needs 3 values, one per channel in the network's order, got "
                    + values.size());
        }
        return new float[] {values.get(0).floatValue(), values.get(1).floatValue(), values.get(2).floatValue()};
    }

    /** The network input for {@code image} at {@code width x height}, CHW, into {@code out} from its start. */
    void write(Image image, int width, int height, FloatBuffer out) {
        int n = width * height;
        try (PointerScope scope = new PointerScope()) {
            Mat rgb = Mats.rgb(image);
            Mat source = rgb;
            if (floatResize) {
                source = new Mat();
                rgb.convertTo(source, opencv_core.CV_32F);
            }
            Mat sized = source;
            if (image.width() != width || image.height() != height) {
                sized = new Mat();
                opencv_imgproc.resize(source, sized, new Size(width, height), 0, 0, opencv_imgproc.INTER_LINEAR);
            }
            for (int c = 0; c < 3; c++) {
                int from = bgr ? 2 - c : c; // the frame's channel that the network's channel c reads
                float m = mean[c];
                float s = scale;
                float d = std[c];
                int o = c * n;
                if (floatResize) {
                    FloatBuffer px = sized.createBuffer();
                    for (int p = 0; p < n; p++) {
                        out.put(o + p, (px.get(p * 3 + from) - m) * s / d);
                    }
                } else {
                    ByteBuffer px = sized.createBuffer();
                    for (int p = 0; p < n; p++) {
                        out.put(o + p, ((px.get(p * 3 + from) & 0xFF) - m) * s / d);
                    }
                }
            }
        }
    }

    /** As {@link #write}, into a new array. */
    float[] chw(Image image, int width, int height) {
        float[] values = new float[3 * width * height];
        write(image, width, height, FloatBuffer.wrap(values));
        return values;
    }
}
