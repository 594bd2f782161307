package io.vseg.runtime.engine;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * One file of a network with the input size it expects. A model may come in variants for different aspect
 * ratios (MediaPipe's selfie model: 256x256 and a 256x144 landscape one); per video the variant whose input
 * aspect ratio is closest to the frame's is used, so frames are stretched least.
 */
record ModelVariant(Path model, int inputWidth, int inputHeight) {
    ModelVariant {
        requireNonNull(model, "model is null");
        if (inputWidth <= 0 || inputHeight <= 0) {
            throw new IllegalArgumentException("input size must be positive, got " + inputWidth + "x" + inputHeight);
        }
    }

    double aspectRatio() {
        return (double) inputWidth / inputHeight;
    }

    /** The variant closest in aspect ratio (on a log scale) to a {@code width x height} frame. */
    static ModelVariant closest(List<ModelVariant> variants, int width, int height) {
        double target = Math.log((double) width / height);
        return variants.stream()
                .min(Comparator.comparingDouble(v -> Math.abs(Math.log(v.aspectRatio()) - target)))
                .orElseThrow();
    }
}
