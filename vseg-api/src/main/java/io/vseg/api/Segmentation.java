package io.vseg.api;

import static java.util.Objects.requireNonNull;

import io.vseg.api.tensor.Tensor;
import java.util.Arrays;
import java.util.Optional;

/**
 * A label map at frame size: one class index per pixel, row-major, plus (optionally) the class scores it
 * was decoded from.
 */
public final class Segmentation {
    private final int width;
    private final int height;
    private final int[] labels;
    private final Tensor scores;
    private final ClassSet classes;

    /**
     * @param labels owned by the segmentation from now on; {@code width * height} class indices
     * @param scores the per-class scores the labels were decoded from, or null
     */
    public Segmentation(int width, int height, int[] labels, Tensor scores, ClassSet classes) {
        requireNonNull(labels, "labels is null");
        this.classes = requireNonNull(classes, "classes is null");
        if (labels.length != width * height) {
            throw new IllegalArgumentException("expected " + width * height + " labels, got " + labels.length);
        }
        this.width = width;
        this.height = height;
        this.labels = labels;
        this.scores = scores;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Label at (x, y). */
    public int label(int x, int y) {
        return labels[y * width + x];
    }

    /** A copy of the labels, row-major. */
    public int[] labels() {
        return labels.clone();
    }

    /** Number of pixels labelled {@code label}. */
    public int count(int label) {
        int n = 0;
        for (int l : labels) {
            if (l == label) {
                n++;
            }
        }
        return n;
    }

    /** Per-class scores at some resolution, if kept. */
    public Optional<Tensor> scores() {
        return Optional.ofNullable(scores);
    }

    public ClassSet classes() {
        return classes;
    }

    /** Pixels whose labels agree with {@code other}'s, as a share of all pixels. */
    public double pixelAgreement(Segmentation other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("sizes differ: " + width + "x" + height + " and "
                    + other.width + "x" + other.height);
        }
        int same = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == other.labels[i]) {
                same++;
            }
        }
        return (double) same / labels.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Segmentation s && s.width == width && s.height == height
                && Arrays.equals(s.labels, labels) && s.classes.equals(classes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "Segmentation[" + width + "x" + height + ", " + classes.size() + " classes]";
    }
}
