package io.vseg.api;

import static java.util.Objects.requireNonNull;

/**
 * One decoded frame of a video.
 *
 * @param index           position in its sequence, from 0
 * @param timestampMicros presentation time in microseconds from the start of the sequence
 * @param image           the pixels
 */
public record Frame(int index, long timestampMicros, Image image) {
    public Frame {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + index);
        }
        requireNonNull(image, "image is null");
    }

    public int width() {
        return image.width();
    }

    public int height() {
        return image.height();
    }

    /** This frame restricted to {@code region}, with the same index and timestamp. */
    public Frame crop(Region region) {
        return new Frame(index, timestampMicros, image.crop(region));
    }
}
