package io.vseg.student;

import java.util.Random;

/**
 * A random change of colour for training images: brightness, contrast and saturation factors, and a gain per
 * RGB channel, each within {@code 1 +- strength} (gains within a third of that). The teacher labels the
 * changed image, so the student learns what the teacher does under other light and cameras.
 */
record Photometric(double brightness, double contrast, double saturation, double[] gains) {

    static Photometric random(Random random, double strength) {
        double[] gains = new double[3];
        for (int c = 0; c < 3; c++) {
            gains[c] = 1 + strength / 3 * (2 * random.nextDouble() - 1);
        }
        return new Photometric(1 + strength * (2 * random.nextDouble() - 1),
                1 + strength * (2 * random.nextDouble() - 1), 1 + strength * (2 * random.nextDouble() - 1), gains);
    }

    /** Applies the change to interleaved RGB bytes, in place. */
    void apply(byte[] rgb) {
        int n = rgb.length / 3;
        double meanLuma = 0;
        for (int p = 0; p < n; p++) {
            meanLuma += luma(rgb, p);
        }
        meanLuma /= Math.max(1, n);
        double[] v = new double[3];
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < 3; c++) {
                v[c] = (rgb[p * 3 + c] & 0xFF) * gains[c] * brightness;
            }
            double grey = 0.299 * v[0] + 0.587 * v[1] + 0.114 * v[2];
            for (int c = 0; c < 3; c++) {
                double saturated = grey + (v[c] - grey) * saturation;
                double contrasted = meanLuma * brightness + (saturated - meanLuma * brightness) * contrast;
                rgb[p * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(contrasted)));
            }
        }
    }

    private static double luma(byte[] rgb, int p) {
        return 0.299 * (rgb[p * 3] & 0xFF) + 0.587 * (rgb[p * 3 + 1] & 0xFF) + 0.114 * (rgb[p * 3 + 2] & 0xFF);
    }
}
